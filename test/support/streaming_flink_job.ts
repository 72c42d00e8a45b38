import { type ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLI } from "../baseline/baseline_cli";
import { cancelJob } from "../../runners/portable/job_service";

/** A cancelled job's `submit` (LOOPBACK) returns once the job server reports the cancellation. */
export const CANCEL_TIMEOUT_MS = 60_000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every second until it returns without throwing; after `timeoutMs` throws its last error. */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  check: () => T | Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`${what} not within ${timeoutMs / 1000} s: ${(error as Error).message}`);
    }
    await sleep(1_000);
  }
}

/** A streaming job `submit` started, and when that command ended. */
export interface StreamingJob {
  child: ChildProcess;
  jobId: string;
  ended: Promise<void>;
}

/**
 * A Kafka spec's `submit --runner flink` (LOOPBACK: the workers and file sinks in the child)
 * to the job server at `jobEndpoint`, and its job id once printed.
 */
export async function submitStreaming(
  specFile: string,
  jobEndpoint: string,
  checkpointingIntervalMs: number,
): Promise<StreamingJob> {
  const child = spawn(process.execPath, [
    CLI,
    "submit",
    specFile,
    "--job-endpoint",
    jobEndpoint,
    "--checkpointing-interval",
    String(checkpointingIntervalMs),
  ]);
  const stderr: Buffer[] = [];
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
  const ended = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const jobId = await new Promise<string>((resolve, reject) => {
    const stdout: Buffer[] = [];
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout.push(chunk);
      // The SDK's LOOPBACK worker pool prints on stdout too; the job id is a line of its own.
      const jobId = /^(model-monitor-\S+_[0-9a-f-]{36})$/m.exec(Buffer.concat(stdout).toString());
      if (jobId !== null) resolve(jobId[1]);
    });
    child.once("exit", (code) =>
      reject(new Error(`submit exited (${code}) before printing a job id: ${Buffer.concat(stderr)}`)),
    );
  });
  return { child, jobId, ended };
}

/** Cancels the job through the Job API and waits for its `submit` to return. */
export async function cancel(jobEndpoint: string, job: StreamingJob): Promise<void> {
  await cancelJob(jobEndpoint, job.jobId);
  const timeout = sleep(CANCEL_TIMEOUT_MS).then(() => {
    job.child.kill("SIGKILL");
    throw new Error(
      `submit of job ${job.jobId} did not return within ${CANCEL_TIMEOUT_MS / 1000} s of its cancellation`,
    );
  });
  await Promise.race([job.ended, timeout]);
}

/** A copy of the results a running job has written so far (it may append meanwhile). */
export function snapshot(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "flink-results-"));
  for (const file of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, file), path.join(copy, file));
  return copy;
}
