import * as fs from "fs";
import { MonitorSpec, RESULT_KINDS } from "../pipelines/spec/schema";
import { monitorPipeline } from "../pipelines/monitor";
import { type FlinkRunOptions, runOnFlink } from "./portable/run_on_flink";
import { type InProcessRunnerName, RunnerName, runnerFor } from "./select_runner";
import { CheckpointStore } from "./direct/checkpoint/checkpoint_store";
import { specFingerprint } from "./spec_fingerprint";
import type { FinishedBundle } from "./direct/event_time_direct_runner";
import { metricsEndpoint } from "../transforms/io/prometheus/metrics_endpoint";
import { prepareFileSink, resultFile } from "../transforms/io/result_sink";

export interface RunSummary {
  runner: RunnerName;
  elapsedMs: number;
  /** Lines in a result file after the run, or undefined when the run wrote no such file. */
  linesWritten(file: string): number | undefined;
}

function countLines(file: string): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, "utf8");
  return text.length === 0 ? 0 : text.split("\n").filter((line) => line.length > 0).length;
}

/** The job's own health after each bundle of our direct runner, on every Prometheus sink of the spec. */
function jobHealthReporter(spec: MonitorSpec): (bundle: FinishedBundle) => void {
  const metrics = spec.sinks.flatMap((sink) =>
    sink.kind === "prometheus" ? [metricsEndpoint(sink.port).metrics] : [],
  );
  return (bundle) => {
    for (const sink of metrics) sink.bundleFinished(spec.model, bundle, Date.now());
  };
}

/** Which runner runs the job: one in this process by name, or Flink with where to find its job server. */
export type RunnerChoice = InProcessRunnerName | ({ runner: "flink" } & FlinkRunOptions);

/** Checkpointing of a direct run (see runners/direct/README.md). */
export interface CheckpointOptions {
  /** Where the job's latest checkpoint is kept; a run starts from it when there is one. */
  stateDir: string;
  intervalMs: number;
}

/**
 * Prepares the sinks, runs the monitoring pipeline to completion on the
 * chosen runner, and says what it wrote. On Flink the TypeScript workers run
 * in this process, so the file sinks are written where the direct runner
 * writes them. With `checkpointing` (our direct runner), a run resumes from
 * the state directory's checkpoint, and then appends to the file sinks
 * instead of starting them afresh.
 */
export async function runMonitor(
  spec: MonitorSpec,
  choice: RunnerChoice,
  checkpointing?: CheckpointOptions,
): Promise<RunSummary> {
  const checkpoint = checkpointing && {
    store: new CheckpointStore(checkpointing.stateDir, specFingerprint(spec)),
    intervalMs: checkpointing.intervalMs,
  };
  const resuming = checkpoint?.store.latest() !== undefined;
  for (const sink of spec.sinks)
    if (sink.kind === "file" && !resuming) prepareFileSink(sink.dir, RESULT_KINDS);
  const startedMs = Date.now();
  if (typeof choice === "string") {
    const runner = runnerFor(choice, { onBundleFinished: jobHealthReporter(spec), checkpoint });
    await (await runner.run(monitorPipeline(spec))).waitUntilFinish();
  } else {
    await runOnFlink(spec, choice);
  }
  const runnerName: RunnerName = typeof choice === "string" ? choice : choice.runner;
  const elapsedMs = Date.now() - startedMs;
  const outputFiles = new Set(
    spec.sinks.flatMap((s) => (s.kind === "file" ? RESULT_KINDS.map((k) => resultFile(s.dir, k)) : [])),
  );
  return {
    runner: runnerName,
    elapsedMs,
    linesWritten: (file) => (outputFiles.has(file) ? countLines(file) : undefined),
  };
}
