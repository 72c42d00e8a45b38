import { spawn } from "child_process";
import { CLI, type CliRun } from "../baseline/baseline_cli";

export type { CliRun };

/** Runs `model-monitor <args>` as a child process (environment: this process's) and collects its output. */
export function modelMonitor(...args: string[]): Promise<CliRun> {
  return modelMonitorIn(process.env, args);
}

/** Runs `model-monitor <args>` as a child process with the environment `env` and collects its output. */
export function modelMonitorIn(env: NodeJS.ProcessEnv, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    // Chunks go into const arrays: a captured `let` would be boxed by ts-closure-transform.
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("close", (status) =>
      resolve({ status, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }),
    );
  });
}
