// The monitoring job of the latency benchmark in a process of its own, so that its CPU time and peak RSS
// are its own:   node dist/bench/latency/run_job.js <spec.yaml> [<file.cpuprofile>]
// Prints one JSON line: a JobReport (job_report.ts). With a profile file, the run (not module loading) is profiled by V8's
// sampling CPU profiler, as bench/runner_throughput.ts does.
import "apache-beam";
import * as fs from "fs";
import * as inspector from "inspector/promises";
import { monitorPipeline } from "../../pipelines/monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { RESULT_KINDS } from "../../pipelines/spec/schema";
import type { FinishedBundle } from "../../runners/direct/event_time_direct_runner";
import { runnerFor } from "../../runners/select_runner";
import { prepareFileSink } from "../../transforms/io/result_sink";
import type { JobProgressSample, JobReport } from "./job_report";

const MIB = 1024 * 1024;
/** Wall time between two samples of the job's progress (taken at the end of the first bundle past it). */
const PROGRESS_SAMPLE_MS = 500;

const cpuSecondsSoFar = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function main(): Promise<void> {
  const specFile = process.argv[2];
  const profileFile = process.argv[3];
  if (specFile === undefined) throw new Error("usage: run_job.js <spec.yaml> [<file.cpuprofile>]");
  const spec = loadSpec(specFile);
  for (const sink of spec.sinks) if (sink.kind === "file") prepareFileSink(sink.dir, RESULT_KINDS);
  const progress: JobProgressSample[] = [];
  const current = { delivered: 0, bundles: 0, sourceBacklog: 0, longestBundleMs: 0 };
  const onBundleFinished = (bundle: FinishedBundle) => {
    current.delivered += bundle.sourceElements;
    current.bundles += 1;
    current.sourceBacklog = Object.values(bundle.backlog).reduce((sum, records) => sum + records, 0);
    current.longestBundleMs = Math.max(current.longestBundleMs, bundle.durationMs);
    const nowMs = Date.now();
    if (progress.length === 0 || nowMs - progress[progress.length - 1].atMs >= PROGRESS_SAMPLE_MS) {
      progress.push({ atMs: nowMs, ...current, cpuSeconds: cpuSecondsSoFar() });
      current.longestBundleMs = 0;
    }
  };
  const session = profileFile === undefined ? undefined : new inspector.Session();
  if (session !== undefined) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  const startedAtMs = Date.now();
  // runMonitor does this too but returns no counters; the benchmark needs the late drops.
  const result = await runnerFor("direct", { onBundleFinished }).runAsync(monitorPipeline(spec));
  await result.waitUntilFinish();
  const wallSeconds = (Date.now() - startedAtMs) / 1000;
  progress.push({ atMs: Date.now(), ...current, cpuSeconds: cpuSecondsSoFar() });
  if (session !== undefined) {
    const { profile } = await session.post("Profiler.stop");
    fs.writeFileSync(profileFile!, JSON.stringify(profile));
    session.disconnect();
  }
  const usage = process.resourceUsage();
  const report: JobReport = {
    droppedLate: (await result.counters()).droppedLate ?? 0,
    peakRssMiB: (usage.maxRSS * 1024) / MIB,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    wallSeconds,
    startedAtMs,
    progress,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `latency job: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
