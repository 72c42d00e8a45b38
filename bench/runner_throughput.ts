// Throughput of the flights example's monitoring job: our event-time direct runner vs the SDK's stock
// direct runner vs a plain TypeScript loop computing the same statistics, measured in one run.
//
//   npm run bench:runner-throughput       (34 copies of the example log, 5 repetitions, then CPU profiles)
//   node dist/bench/runner_throughput.js --copies 10 --repetitions 3 --no-profile
//   node dist/bench/runner_throughput.js --spec latency --requests 250000 --repetitions 3
//     (the latency benchmark's spec and requests instead: loop, ours and ours-full; see INPUTS)
//
// The example's inference log (2,379 requests, 5,964 instances, 28 one-minute windows) is too small for a
// stable rate, so it is copied `--copies` times one after the other into a temp file, each copy's record
// timestamps shifted by the log's span in whole windows (bench/throughput/scaled_log.ts): every copy has
// the same per-window contents and the same out-of-order records in windows of its own.
//
// Variants, each run in its own node process on that file with examples/flights/monitor.yaml (source and
// sinks replaced):
//   loop       statisticsLoop (bench/throughput/statistics_loop.ts): the job's statistics without Beam;
//   ours       runMonitor(spec, "direct") with the spec's outliers, drift and alerts removed — the same
//              work as the loop: read → parse → event time → window → statistics → write;
//   stock      the same on runMonitor(spec, "beam-direct"), the SDK's direct runner;
//   ours-full  runMonitor(example spec, "direct"): the example as a user runs it, + outliers, drift, alerts;
//   stock-full the same on "beam-direct".
// The variants are interleaved — each repetition runs all of them, in an order rotated by one per
// repetition — so that load from other processes falls on all alike; medians and their ratios are
// reported. After every repetition each pipeline's final statistics are checked against the loop's
// (bench/throughput/final_statistics.ts): a comparison of runs that computed different things would mean
// nothing, so a difference fails the benchmark. Then one more run each of `ours` and `ours-full` under V8's
// CPU profiler gives the top areas, files and functions by self time, and functions by total time
// (bench/throughput/cpu_profile_summary.ts).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import * as inspector from "inspector/promises";
import { parseArgs } from "util";
import { runMonitor } from "../runners/run_monitor";
import { loadSpec, validateSpec } from "../pipelines/spec/load_spec";
import type { MonitorSpec } from "../pipelines/spec/schema";
import type { InProcessRunnerName } from "../runners/select_runner";
import { resultFile } from "../transforms/io/result_sink";
import { writeBaseline } from "./latency/bench_inputs";
import { WINDOW_SECONDS, fileRequestSource, latencySpec } from "./latency/latency_spec";
import { writeRecordedRequests } from "./latency/synthetic_data";
import { summariseCpuProfile } from "./throughput/cpu_profile_summary";
import type { ProfileShare } from "./throughput/cpu_profile_summary";
import { finalStatistics, statisticsDifferences } from "./throughput/final_statistics";
import { writeScaledLog } from "./throughput/scaled_log";
import { statisticsLoop } from "./throughput/statistics_loop";

const EXAMPLE_SPEC = path.resolve(__dirname, "../../examples/flights/monitor.yaml");
/** Which spec each variant runs, and on which runner (none: the loop). */
const VARIANTS = {
  loop: { spec: "statistics", runner: undefined },
  ours: { spec: "statistics", runner: "direct" },
  stock: { spec: "statistics", runner: "beam-direct" },
  "ours-full": { spec: "example", runner: "direct" },
  "stock-full": { spec: "example", runner: "beam-direct" },
} as const satisfies Record<
  string,
  { spec: "statistics" | "example"; runner: InProcessRunnerName | undefined }
>;
type Variant = keyof typeof VARIANTS;
const VARIANT_NAMES = Object.keys(VARIANTS) as Variant[];
/**
 * The inputs: `example`, the flights example's log copied `--copies` times; `latency`, the latency
 * benchmark's spec (issue 8: 10 numerical + 2 categorical features, every statistic, three drift
 * metrics, two outlier detectors) on `--requests` of its synthetic requests, recorded as sent at
 * LATENCY_SPEC_RATE. The stock runner runs only the example: it holds the whole input in one bundle.
 */
const INPUTS = {
  example: VARIANT_NAMES,
  latency: ["loop", "ours", "ours-full"],
} as const satisfies Record<string, readonly Variant[]>;
type InputName = keyof typeof INPUTS;
/** The latency spec's requests are timestamped as if sent at the target rate. */
const LATENCY_SPEC_RATE = 20_000;
const RATIOS: [Variant, Variant][] = [
  ["ours", "loop"],
  ["stock", "loop"],
  ["ours", "stock"],
  ["ours-full", "stock-full"],
  ["ours-full", "ours"],
  // The whole spec against a loop that computes only its statistics: issue 8's target is ≥ 1/4.
  ["ours-full", "loop"],
];
/** Runner merges sum in another order than the loop's single pass (see statisticsDifferences). */
const RELATIVE_TOLERANCE = 1e-9;
const PROFILE_ROWS = 12;
/** More rows for total time: its top rows are the frames every sample passes through (the run, the worker). */
const PROFILE_TOTAL_ROWS = 30;
const MIB = 1024 * 1024;

interface RunMeasurement {
  variant: Variant;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  /** Only the loop counts what it read; every variant reads the same file. */
  events?: number;
  instances?: number;
}

/** The spec without outliers, drift and alerts: the job then computes what the loop does. */
function statisticsOnly(spec: MonitorSpec): MonitorSpec {
  return { ...spec, outliers: [], drift: undefined, alerts: { ...spec.alerts, outlierRate: undefined } };
}

/** Runs one variant in this process, writing its results to the spec's sinks. */
async function runVariant(variant: Variant, spec: MonitorSpec): Promise<RunMeasurement> {
  const runner = VARIANTS[variant].runner;
  const startedMs = performance.now();
  const startedCpu = process.cpuUsage();
  let read: { events?: number; instances?: number } = {};
  if (runner === undefined) {
    const summary = statisticsLoop(spec);
    read = { events: summary.events, instances: summary.instances };
  } else {
    await runMonitor(spec, runner);
  }
  const cpu = process.cpuUsage(startedCpu);
  return {
    variant,
    wallSeconds: (performance.now() - startedMs) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MIB,
    ...read,
  };
}

/** Runs a variant in a child process; with `profileFile`, the run (not the process's start) is CPU-profiled into it. */
function runChild(variant: Variant, specFile: string, outDir: string, profileFile?: string): RunMeasurement {
  const childArgs = [__filename, "--child", variant, specFile, outDir, ...(profileFile ? [profileFile] : [])];
  const output = execFileSync(process.execPath, childArgs, {
    encoding: "utf8",
    maxBuffer: 16 * MIB,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(output.trim().split("\n").pop()!) as RunMeasurement;
}

/**
 * Fails the benchmark unless every pipeline computed the loop's statistics, and nothing wrote dead
 * letters (quantiles compared while exact; see statisticsDifferences).
 */
function checkSameStatistics(variants: readonly Variant[], outDirs: Record<Variant, string>): void {
  const reference = finalStatistics(resultFile(outDirs.loop, "statistics"));
  let compacted = 0;
  for (const variant of variants.filter((name) => name !== "loop")) {
    const comparison = statisticsDifferences(
      reference,
      finalStatistics(resultFile(outDirs[variant], "statistics")),
      RELATIVE_TOLERANCE,
    );
    if (comparison.differences.length > 0) {
      throw new Error(
        `${variant}'s final statistics differ from the loop's in ${comparison.differences.length} places, ` +
          `e.g.\n  ${comparison.differences.slice(0, 10).join("\n  ")}`,
      );
    }
    compacted = comparison.compactedQuantiles;
  }
  for (const variant of variants) {
    const deadLetters = fs.readFileSync(resultFile(outDirs[variant], "deadletter"), "utf8");
    if (deadLetters !== "") throw new Error(`${variant} wrote dead letters for the scaled example log`);
  }
  console.error(
    `  every pipeline's final statistics equal the loop's: ${reference.size} (feature, window) records ` +
      `(the quantiles of ${compacted} compacted sketches not compared)`,
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function report(
  variants: readonly Variant[],
  runs: RunMeasurement[],
  events: number,
  instances: number,
): void {
  const rate = (run: RunMeasurement) => instances / run.wallSeconds;
  const of = (variant: Variant) => runs.filter((run) => run.variant === variant);
  const medianRate = (variant: Variant) => median(of(variant).map(rate));
  console.log(`input: ${events} log events, ${instances} instances; ${of("loop").length} runs per variant\n`);
  console.log(
    "| variant | median instances/s | median wall (s) | median CPU (s) | max peak RSS (MiB) | instances/s of each run |",
  );
  console.log("| ------- | ---: | ---: | ---: | ---: | --- |");
  for (const variant of variants) {
    const mine = of(variant);
    console.log(
      `| ${variant} | ${Math.round(medianRate(variant))} | ${median(mine.map((r) => r.wallSeconds)).toFixed(2)} | ` +
        `${median(mine.map((r) => r.cpuSeconds)).toFixed(2)} | ` +
        `${Math.max(...mine.map((r) => r.peakRssMiB)).toFixed(0)} | ${mine.map((r) => Math.round(rate(r))).join(", ")} |`,
    );
  }
  // Per CPU second as well: another process taking a core stretches a run's wall time more than its CPU time.
  const medianCpu = (variant: Variant) => median(of(variant).map((run) => run.cpuSeconds));
  console.log(
    "\n| ratio | of median instances/s | of median instances per CPU second |\n| --- | ---: | ---: |",
  );
  for (const pair of RATIOS.filter((ratio) => ratio.every((variant) => variants.includes(variant)))) {
    const byWall = medianRate(pair[0]) / medianRate(pair[1]);
    const byCpu = medianCpu(pair[1]) / medianCpu(pair[0]);
    console.log(`| ${pair[0]} / ${pair[1]} | ${byWall.toFixed(3)} | ${byCpu.toFixed(3)} |`);
  }
}

/** The flights example on its log copied `copies` times (bench/throughput/scaled_log.ts). */
function scaledExample(copies: number, workDir: string): MonitorSpec {
  const example = loadSpec(EXAMPLE_SPEC);
  if (example.source.kind !== "file") throw new Error(`${EXAMPLE_SPEC}: expected a file source`);
  const scaledLog = path.join(workDir, "inference_log.jsonl");
  writeScaledLog(example.source.path, copies, example.window.size, scaledLog);
  console.error(`${copies} copies of ${example.source.path} -> ${scaledLog}`);
  return { ...example, source: { ...example.source, path: scaledLog } };
}

/**
 * The latency benchmark's spec on `requests` of its requests recorded as sent at LATENCY_SPEC_RATE
 * from a window boundary, with its baseline (bench/latency).
 */
function latencyBenchSpec(requests: number, workDir: string): MonitorSpec {
  const recorded = path.join(workDir, "requests.jsonl");
  const windowMs = WINDOW_SECONDS * 1000;
  writeRecordedRequests(recorded, requests, LATENCY_SPEC_RATE, Math.floor(Date.now() / windowMs) * windowMs);
  const document = latencySpec({
    source: fileRequestSource(recorded),
    baseline: writeBaseline(workDir),
    outDir: path.join(workDir, "out"),
  });
  console.error(`${requests} requests of the latency benchmark -> ${recorded}`);
  return validateSpec(document, "latency benchmark spec", workDir);
}

/**
 * Runs a variant under V8's sampling CPU profiler (the one `node --cpu-prof` starts, here through the
 * inspector so that module loading before the run is left out) and writes the .cpuprofile.
 */
async function profiledRun(
  variant: Variant,
  spec: MonitorSpec,
  profileFile: string,
): Promise<RunMeasurement> {
  const session = new inspector.Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  const measurement = await runVariant(variant, spec);
  const { profile } = await session.post("Profiler.stop");
  fs.writeFileSync(profileFile, JSON.stringify(profile));
  session.disconnect();
  return measurement;
}

function printProfile(variant: Variant, profileFile: string): void {
  const summary = summariseCpuProfile(profileFile, PROFILE_TOTAL_ROWS);
  const table = (title: string, rows: ProfileShare[]) => {
    console.log(`\n| ${title} | ms | share |\n| --- | ---: | ---: |`);
    for (const row of rows) {
      console.log(`| ${row.name} | ${row.ms.toFixed(0)} | ${(100 * row.share).toFixed(1)} % |`);
    }
  };
  console.log(`\nCPU profile of one \`${variant}\` run: ${(summary.totalMs / 1000).toFixed(2)} s sampled`);
  table("area (self time)", summary.selfByArea.slice(0, PROFILE_ROWS));
  table("file (self time)", summary.selfByFile.slice(0, PROFILE_ROWS));
  table("function — file (self time)", summary.selfByFunction.slice(0, PROFILE_ROWS));
  table("function — file (total time: on the stack)", summary.totalByFunction);
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${flag} takes a positive integer, got "${text}"`);
  return value;
}

async function main(args: string[]): Promise<void> {
  if (args[0] === "--child") {
    const variant = args[1] as Variant;
    const spec = JSON.parse(fs.readFileSync(args[2], "utf8")) as MonitorSpec;
    const ownSinks: MonitorSpec = { ...spec, sinks: [{ kind: "file", dir: args[3] }] };
    const measurement = args[4]
      ? await profiledRun(variant, ownSinks, args[4])
      : await runVariant(variant, ownSinks);
    process.stdout.write(JSON.stringify(measurement) + "\n");
    return;
  }
  const { values } = parseArgs({
    args,
    options: {
      spec: { type: "string", default: "example" },
      copies: { type: "string", default: "34" },
      requests: { type: "string", default: "250000" },
      repetitions: { type: "string", default: "5" },
      "no-profile": { type: "boolean", default: false },
    },
  });
  const input = values.spec as InputName;
  if (!(input in INPUTS)) throw new Error(`--spec takes ${Object.keys(INPUTS).join(" or ")}, got "${input}"`);
  const variants = INPUTS[input];
  const repetitions = positiveInteger("repetitions", values.repetitions);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "runner-throughput-"));
  try {
    const full =
      input === "example"
        ? scaledExample(positiveInteger("copies", values.copies), workDir)
        : latencyBenchSpec(positiveInteger("requests", values.requests), workDir);
    const specFiles = {
      statistics: path.join(workDir, "statistics.json"),
      example: path.join(workDir, "example.json"),
    };
    fs.writeFileSync(specFiles.statistics, JSON.stringify(statisticsOnly(full)));
    fs.writeFileSync(specFiles.example, JSON.stringify(full));
    const specFileOf = (variant: Variant) => specFiles[VARIANTS[variant].spec];

    const runs: RunMeasurement[] = [];
    for (const repetition of Array.from({ length: repetitions }, (_, i) => i)) {
      const order = variants.map((_, i) => variants[(i + repetition) % variants.length]);
      const outDirs = Object.fromEntries(
        variants.map((variant) => [variant, path.join(workDir, `out-${repetition}-${variant}`)]),
      ) as Record<Variant, string>;
      for (const variant of order) {
        const run = runChild(variant, specFileOf(variant), outDirs[variant]);
        console.error(`repetition ${repetition + 1} ${variant}: ${JSON.stringify(run)}`);
        runs.push(run);
      }
      checkSameStatistics(variants, outDirs);
      for (const dir of Object.values(outDirs)) fs.rmSync(dir, { recursive: true, force: true });
    }
    const loopRun = runs.find((run) => run.variant === "loop")!;
    report(variants, runs, loopRun.events!, loopRun.instances!);

    if (values["no-profile"]) return;
    for (const variant of ["ours", "ours-full"] as const) {
      const profileFile = path.join(workDir, `${variant}.cpuprofile`);
      runChild(variant, specFileOf(variant), path.join(workDir, `out-profile-${variant}`), profileFile);
      printProfile(variant, profileFile);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
