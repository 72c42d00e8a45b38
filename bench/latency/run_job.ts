// The monitoring job of the latency benchmark in a process of its own, so that its CPU time and peak RSS
// are its own:   node dist/bench/latency/run_job.js <spec.yaml>
// Prints one JSON line: {droppedLate, peakRssMiB, cpuSeconds, wallSeconds}.
import "apache-beam";
import { monitorPipeline } from "../../pipelines/monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { RESULT_KINDS } from "../../pipelines/spec/schema";
import { runnerFor } from "../../runners/select_runner";
import { prepareFileSink } from "../../transforms/io/result_sink";

const MIB = 1024 * 1024;

async function main(): Promise<void> {
  const specFile = process.argv[2];
  if (specFile === undefined) throw new Error("usage: run_job.js <spec.yaml>");
  const spec = loadSpec(specFile);
  for (const sink of spec.sinks) if (sink.kind === "file") prepareFileSink(sink.dir, RESULT_KINDS);
  const startedMs = Date.now();
  // runMonitor does this too but returns no counters; the benchmark needs the late drops.
  const result = await runnerFor("direct").runAsync(monitorPipeline(spec));
  await result.waitUntilFinish();
  const usage = process.resourceUsage();
  process.stdout.write(
    `${JSON.stringify({
      droppedLate: (await result.counters()).droppedLate ?? 0,
      peakRssMiB: (usage.maxRSS * 1024) / MIB,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      wallSeconds: (Date.now() - startedMs) / 1000,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `latency job: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
