// Memory of windowedStatistics for 100k vs 1M records in ONE window, on the event-time direct runner.
//
//   npm run bench:statistics-memory            (100000 and 1000000 records)
//   node dist/bench/statistics_memory.js 50000 500000
//
// Each (pipeline, size) runs in its own `node --expose-gc` child so that no run inherits another's heap.
// Two pipelines read the same generated testStream (plain JSON events, input format json):
//   passThrough — read → parse → event time → window → one count per window: the runner's and the
//                 parser's own memory, the baseline;
//   statistics  — the same, then windowedStatistics with the default statistics section (moments, KLL
//                 quantiles, histograms on spec edges, frequencies past their capacity, HyperLogLog,
//                 correlation);
//   bufferAll   — the control: a GroupByKey holding every record's feature values until the window closes (what
//                 per-record state looks like, and what an unlifted combine buffers), to show the
//                 measurement sees growth when there is some.
// Live heap is heapUsed right after a full GC, sampled every 10 bundles (10k records) while the window is
// open; peak RSS is the process's maxRSS. Bounded accumulators show as a statistics − passThrough
// difference that does not grow from 100k to 1M records.
import * as beam from "apache-beam";
import * as combiners from "apache-beam/transforms/combiners";
import { combinePerKey, groupByKey } from "apache-beam/transforms/internal";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { validateSpec } from "../pipelines/spec/load_spec";
import type { MonitorSpec } from "../pipelines/spec/schema";
import { eventTimeDirectRunner } from "../runners/direct/event_time_direct_runner";
import { windowingFor } from "../transforms/windowing/spec_windowing";
import { readInferenceLog } from "../transforms/io/read_inference_log";
import { assignEventTime } from "../transforms/parse/assign_event_time";
import type { InferenceRecord } from "../transforms/parse/inference_record";
import { parseInferenceLog } from "../transforms/parse/parse_inference_log";
import { mulberry32 } from "../transforms/statistics/mulberry32";
import { statisticsPlan } from "../transforms/statistics/statistics_plan";
import { windowedStatistics } from "../transforms/statistics/windowed_statistics";

const WINDOW_MS = 3_600_000;
const SAMPLE_EVERY_BUNDLES = 10;
/** Distinct values of the `merchant` feature: past the default category capacity (1000), so Misra–Gries runs. */
const MERCHANTS = 5000;
const PIPELINES = ["passThrough", "statistics", "bufferAll"] as const;
type PipelineName = (typeof PIPELINES)[number];

interface Measurement {
  pipeline: PipelineName;
  records: number;
  seconds: number;
  peakRssMiB: number;
  /** Largest heapUsed after a full GC while the window was open. */
  liveHeapMiB: number;
  resultRecords: number;
}

const MIB = 1024 * 1024;

/** A testStream script of `count` JSON events spread evenly over one window [0, 1 h). */
function writeScript(count: number): string {
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), "statistics-memory-")),
    `events-${count}.jsonl`,
  );
  const fd = fs.openSync(file, "w");
  let state = 20260101;
  const uniform = () => {
    const step = mulberry32(state);
    state = step.state;
    return step.output / 2 ** 32;
  };
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = {
      amount: Math.round(100 * -Math.log(1 - uniform()) * 40) / 100,
      age: 18 + Math.floor(60 * uniform()),
      hour: Math.floor(24 * uniform()),
      merchant: `m${Math.floor(MERCHANTS * uniform() * uniform())}`,
      channel: ["web", "app", "store"][Math.floor(3 * uniform())],
      score: uniform(),
    };
    lines.push(JSON.stringify({ event, timestampMs: Math.floor((i * WINDOW_MS) / count) }));
    if (lines.length === 10_000) {
      fs.writeSync(fd, lines.join("\n") + "\n");
      lines.length = 0;
    }
  }
  if (lines.length > 0) fs.writeSync(fd, lines.join("\n") + "\n");
  fs.closeSync(fd);
  return file;
}

function benchSpec(script: string): MonitorSpec {
  return validateSpec(
    {
      model: "payments",
      features: [
        { name: "amount", type: "numerical" },
        { name: "age", type: "numerical" },
        { name: "hour", type: "numerical" },
        { name: "merchant", type: "categorical" },
        { name: "channel", type: "categorical" },
      ],
      prediction: { name: "score", type: "numerical" },
      input: { format: "json" },
      source: { kind: "testStream", path: script },
      window: { size: "1h" },
      statistics: {
        histogramEdges: {
          amount: [0, 10, 20, 50, 100, 200, 500],
          age: [18, 30, 45, 60, 78],
          hour: [0, 6, 12, 18, 24],
          score: [0, 0.25, 0.5, 0.75, 1],
        },
      },
    },
    "bench spec",
    os.tmpdir(),
  );
}

/** Runs one pipeline over the script in this process and measures it. */
async function measure(pipeline: PipelineName, records: number, script: string): Promise<Measurement> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run the child with node --expose-gc");
  const spec = benchSpec(script);
  const plan = statisticsPlan(spec);
  const { windowing, windowShiftMs } = windowingFor<InferenceRecord>({
    sizeMs: WINDOW_MS,
    watermarkDelayMs: 0,
    allowedLatenessMs: 0,
  });
  let liveHeapBytes = 0;
  const startedMs = Date.now();
  const result = await eventTimeDirectRunner({
    onBundleFinished: ({ index }) => {
      if (index % SAMPLE_EVERY_BUNDLES !== 0) return;
      gc();
      liveHeapBytes = Math.max(liveHeapBytes, process.memoryUsage().heapUsed);
    },
  }).run((root) => {
    const windowed = root
      .apply(readInferenceLog(spec.source))
      .apply(parseInferenceLog(spec))
      .records.apply(assignEventTime())
      .apply(windowing);
    const byModel = <V>(value: (record: InferenceRecord) => V) =>
      windowed.map(
        beam.withName("byModel", (record: InferenceRecord) => ({ key: record.model, value: value(record) })),
      );
    const results: beam.PCollection<unknown> =
      pipeline === "statistics"
        ? windowed.apply(windowedStatistics(spec.model, plan, windowShiftMs))
        : pipeline === "passThrough"
          ? byModel(() => 1).apply(combinePerKey(combiners.count))
          : byModel((record) => record.features).apply(groupByKey());
    results.map(
      beam.withName("countResults", (_: unknown, context: { emitted: beam.Counter }) =>
        context.emitted.increment(),
      ),
      { emitted: beam.counter("emitted") },
    );
  });
  const counters = await result.counters();
  return {
    pipeline,
    records,
    seconds: (Date.now() - startedMs) / 1000,
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MIB,
    liveHeapMiB: liveHeapBytes / MIB,
    resultRecords: counters.emitted ?? 0,
  };
}

function runChild(pipeline: PipelineName, records: number, script: string): Measurement {
  const output = execFileSync(
    process.execPath,
    ["--expose-gc", __filename, "--child", pipeline, String(records), script],
    { encoding: "utf8", maxBuffer: 16 * MIB, stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(output.trim().split("\n").pop()!) as Measurement;
}

async function main(args: string[]): Promise<void> {
  if (args[0] === "--child") {
    const measurement = await measure(args[1] as PipelineName, Number(args[2]), args[3]);
    process.stdout.write(JSON.stringify(measurement) + "\n");
    return;
  }
  const sizes = args.length > 0 ? args.map(Number) : [100_000, 1_000_000];
  const rows: Measurement[] = [];
  for (const size of sizes) {
    const script = writeScript(size);
    try {
      for (const pipeline of PIPELINES) {
        const measurement = runChild(pipeline, size, script);
        console.error(`${pipeline} ${size}: ${JSON.stringify(measurement)}`);
        rows.push(measurement);
      }
    } finally {
      fs.rmSync(path.dirname(script), { recursive: true, force: true });
    }
  }
  const mib = (value: number) => value.toFixed(1);
  console.log(
    "| records | pipeline | live heap after GC (MiB) | peak RSS (MiB) | time (s) | records/s | results |",
  );
  console.log(
    "| ------: | -------- | -----------------------: | -------------: | -------: | --------: | ------: |",
  );
  for (const row of rows) {
    console.log(
      `| ${row.records} | ${row.pipeline} | ${mib(row.liveHeapMiB)} | ${mib(row.peakRssMiB)} | ` +
        `${row.seconds.toFixed(1)} | ${Math.round(row.records / row.seconds)} | ${row.resultRecords} |`,
    );
  }
  for (const size of sizes) {
    const of = (pipeline: PipelineName) => rows.find((r) => r.records === size && r.pipeline === pipeline)!;
    console.log(
      `${size} records: statistics − passThrough = ` +
        `${mib(of("statistics").liveHeapMiB - of("passThrough").liveHeapMiB)} MiB live heap, ` +
        `${mib(of("statistics").peakRssMiB - of("passThrough").peakRssMiB)} MiB peak RSS`,
    );
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
