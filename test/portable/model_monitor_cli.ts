import { spawn } from "child_process";
import { CLI, type CliRun } from "../baseline/baseline_cli";

export type { CliRun };

/** Runs `model-monitor <args>` as a child process (environment: this process's) and collects its output. */
export function modelMonitor(...args: string[]): Promise<CliRun> {
  return modelMonitorIn(process.env, args);
}

/**
 * Runs `model-monitor <args>` as a child process with the environment `env`
 * and collects its output. With `timeoutMs`, a command still running then is
 * killed and the promise rejects, quoting the end of its stderr.
 */
export function modelMonitorIn(env: NodeJS.ProcessEnv, args: string[], timeoutMs?: number): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    // Chunks go into const arrays: a captured `let` would be boxed by ts-closure-transform.
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill("SIGKILL");
            const tail = Buffer.concat(stderr).toString().trimEnd().split("\n").slice(-10).join("\n");
            reject(
              new Error(`model-monitor ${args.join(" ")} did not end within ${timeoutMs / 1000} s:\n${tail}`),
            );
          }, timeoutMs);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() });
    });
  });
}
