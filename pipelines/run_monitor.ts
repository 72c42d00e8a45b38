import * as fs from "fs";
import { MonitorSpec, RESULT_KINDS } from "./spec/schema";
import { monitorPipeline } from "./monitor";
import { RunnerName, runnerFor } from "../runners/select_runner";
import type { PipelineResult } from "apache-beam/runners/runner";
import type { FinishedBundle } from "../runners/direct/event_time_direct_runner";
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

/**
 * The job's own health (events read, watermark lag, bundle duration, late
 * records dropped) on every Prometheus sink of the spec, after each bundle of
 * our direct runner. Late drops are the run's `droppedLate` counter, read
 * from the result once it exists (the first bundles may finish before).
 */
function jobHealthReporter(spec: MonitorSpec) {
  const metrics = spec.sinks.flatMap((sink) =>
    sink.kind === "prometheus" ? [metricsEndpoint(sink.port).metrics] : [],
  );
  const run: { result?: PipelineResult } = {};
  const reportDroppedLate = async () => {
    if (run.result === undefined) return;
    const droppedLate = (await run.result.counters()).droppedLate ?? 0;
    for (const sink of metrics) sink.lateRecordsDroppedSoFar(spec.model, droppedLate);
  };
  const bundleFinished = (bundle: FinishedBundle) => {
    for (const sink of metrics) sink.bundleFinished(spec.model, bundle, Date.now());
    // Metrics must never fail the job: a failed read is retried after the next bundle.
    if (metrics.length > 0) reportDroppedLate().catch(() => undefined);
  };
  return {
    bundleFinished,
    attach: (result: PipelineResult) => (run.result = result),
    finish: () => reportDroppedLate(),
  };
}

/** Prepares the sinks, runs the monitoring pipeline to completion on the chosen runner, and says what it wrote. */
export async function runMonitor(spec: MonitorSpec, runnerName: RunnerName): Promise<RunSummary> {
  for (const sink of spec.sinks) if (sink.kind === "file") prepareFileSink(sink.dir, RESULT_KINDS);
  const startedMs = Date.now();
  const health = jobHealthReporter(spec);
  const runner = runnerFor(runnerName, { onBundleFinished: health.bundleFinished });
  const result = await runner.runAsync(monitorPipeline(spec));
  health.attach(result);
  await result.waitUntilFinish();
  await health.finish();
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
