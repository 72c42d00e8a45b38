// Throughput of the flights example's monitoring job on Beam's Flink runner (a local job server, Flink
// inside it, TypeScript workers LOOPBACK in the submitting process) vs our event-time direct runner, per
// CPU second, on the same input in the same invocation (issue 22, item 7: goal Flink ≥ 0.5 × direct).
//
//   npm run bench:flink-throughput                       (2 copies of the example log, 3 repetitions:
//                                                         at 4 copies the job server runs out of heap)
//   node dist/bench/flink_throughput.js --copies 2 --repetitions 3 [--job-server-jar <jar>]
//
// Input: the example log copied `--copies` times (bench/throughput/scaled_log.ts, as runner_throughput
// does), with examples/flights/monitor.yaml unchanged but for its source and sinks: outliers, drift and
// alerts included. A file source runs in Flink's batch mode.
//
// Each run is `runMonitor` in a child node process: `direct`, or `flink` against one job server started
// here for the whole benchmark (its start-up is not counted; one Flink run before the measured ones warms
// its JIT). CPU counted: the child's own (process.cpuUsage: for Flink that includes every TypeScript
// worker, which run in it) plus, for Flink, the job server JVM's CPU time over the run (all its threads,
// utime + stime from /proc/<pid>/stat). Variants are interleaved, the order rotated per repetition, so
// load from other processes falls on both alike; medians and their ratio are reported. After every run
// the final statistics are compared with the direct runner's (bench/throughput/final_statistics.ts;
// quantiles only while the sketch is exact): a difference fails the benchmark.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { parse, stringify } from "yaml";
import { loadSpec } from "../pipelines/spec/load_spec";
import type { MonitorSpec } from "../pipelines/spec/schema";
import { DEFAULT_FLINK_VERSION, locateJobServerJar } from "../runners/portable/job_server_jar";
import { startLocalJobServer } from "../runners/portable/local_job_server";
import { runMonitor } from "../runners/run_monitor";
import { resultFile } from "../transforms/io/result_sink";
import { positiveInteger } from "../cli/option_parsers";
import { finalStatistics, statisticsDifferences } from "./throughput/final_statistics";
import { writeScaledLog } from "./throughput/scaled_log";

const EXAMPLE_SPEC = path.resolve(__dirname, "../../examples/flights/monitor.yaml");
const VARIANTS = ["direct", "flink"] as const;
type Variant = (typeof VARIANTS)[number];
/** Merged partial sums differ from a single pass in their last bits. */
const RELATIVE_TOLERANCE = 1e-9;
const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

interface ChildMeasurement {
  wallSeconds: number;
  cpuSeconds: number;
  /** The child's peak resident memory: for Flink, the LOOPBACK workers'. */
  peakRssMiB: number;
}
interface RunMeasurement extends ChildMeasurement {
  variant: Variant;
  /** The job server JVM's CPU seconds during the run (Flink only). */
  jvmCpuSeconds: number;
}

/** A process's CPU time so far, all threads, from /proc/<pid>/stat (fields 14 and 15: utime, stime). */
function processCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** In the child: one run, timed from just before runMonitor to its return. */
async function childRun(variant: Variant, specFile: string, outDir: string, jobEndpoint: string) {
  const spec: MonitorSpec = { ...loadSpec(specFile), sinks: [{ kind: "file", dir: outDir }] };
  const startedMs = performance.now();
  const startedCpu = process.cpuUsage();
  await runMonitor(spec, variant === "direct" ? "direct" : { runner: "flink", specFile, jobEndpoint });
  const cpu = process.cpuUsage(startedCpu);
  const measurement: ChildMeasurement = {
    wallSeconds: (performance.now() - startedMs) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(measurement));
}

function run(variant: Variant, specFile: string, outDir: string, jobEndpoint: string, jvmPid: number) {
  const jvmBefore = processCpuSeconds(jvmPid);
  const output = execFileSync(
    process.execPath,
    [__filename, "--child", variant, specFile, outDir, jobEndpoint],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const jvmCpuSeconds = variant === "flink" ? processCpuSeconds(jvmPid) - jvmBefore : 0;
  const child = JSON.parse(output.trim().split("\n").pop()!) as ChildMeasurement;
  return { variant, ...child, jvmCpuSeconds };
}

/** Fails unless both runs computed the same final statistics; returns the instances they counted. */
function checkSameStatistics(directDir: string, flinkDir: string): number {
  const direct = finalStatistics(resultFile(directDir, "statistics"));
  const comparison = statisticsDifferences(
    direct,
    finalStatistics(resultFile(flinkDir, "statistics")),
    RELATIVE_TOLERANCE,
  );
  if (comparison.differences.length > 0)
    throw new Error(
      `Flink's final statistics differ from direct's: ${comparison.differences.slice(0, 5).join("; ")}`,
    );
  const counts = [...direct.values()].map((r) => (r.feature === "distance" && "count" in r ? r.count : 0));
  return counts.reduce((a, b) => a + b, 0);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function report(runs: RunMeasurement[], instances: number): void {
  const of = (variant: Variant) => runs.filter((r) => r.variant === variant);
  const totalCpu = (r: RunMeasurement) => r.cpuSeconds + r.jvmCpuSeconds;
  console.log(`input: ${instances} instances; ${of("direct").length} runs per variant\n`);
  console.log(
    "| variant | median wall (s) | median node CPU (s) | median JVM CPU (s) | median total CPU (s) | instances per CPU second | max node peak RSS (MiB) |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const variant of VARIANTS) {
    const mine = of(variant);
    const cpu = median(mine.map(totalCpu));
    console.log(
      `| ${variant} | ${median(mine.map((r) => r.wallSeconds)).toFixed(2)} | ${median(mine.map((r) => r.cpuSeconds)).toFixed(2)} | ` +
        `${median(mine.map((r) => r.jvmCpuSeconds)).toFixed(2)} | ${cpu.toFixed(2)} | ${Math.round(instances / cpu)} | ${Math.max(...mine.map((r) => r.peakRssMiB))} |`,
    );
  }
  const ratio = median(of("direct").map(totalCpu)) / median(of("flink").map(totalCpu));
  const wallRatio =
    median(of("direct").map((r) => r.wallSeconds)) / median(of("flink").map((r) => r.wallSeconds));
  console.log(
    `\nflink / direct: ${ratio.toFixed(3)} per CPU second, ${wallRatio.toFixed(3)} per wall second`,
  );
}

async function main(args: string[]): Promise<void> {
  if (args[0] === "--child") return childRun(args[1] as Variant, args[2], args[3], args[4]);
  const { values } = parseArgs({
    args,
    options: {
      copies: { type: "string", default: "2" },
      repetitions: { type: "string", default: "3" },
      "job-server-jar": { type: "string" },
    },
  });
  const copies = positiveInteger(values.copies);
  const repetitions = positiveInteger(values.repetitions);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "flink-throughput-"));
  const example = loadSpec(EXAMPLE_SPEC);
  if (example.source.kind !== "file") throw new Error(`${EXAMPLE_SPEC}: expected a file source`);
  const scaledLog = path.join(workDir, "inference_log.jsonl");
  writeScaledLog(example.source.path, copies, example.window.size, scaledLog);
  // A spec file (Flink stages it with the job): the example's, reading the scaled log.
  const specFile = path.join(workDir, "monitor.yaml");
  const document = parse(fs.readFileSync(EXAMPLE_SPEC, "utf8")) as Record<string, Record<string, unknown>>;
  document.source.path = scaledLog;
  document.baseline = path.resolve(path.dirname(EXAMPLE_SPEC), String(document.baseline)) as never;
  fs.writeFileSync(specFile, stringify(document));
  const server = await startLocalJobServer({
    jar: locateJobServerJar(DEFAULT_FLINK_VERSION, values["job-server-jar"]),
    flinkMaster: "[local]",
  });
  console.error(
    `${copies} copies of the example log -> ${scaledLog}; job server ${server.endpoint} (pid ${server.pid})`,
  );
  try {
    run("flink", specFile, path.join(workDir, "warm-up"), server.endpoint, server.pid);
    const runs: RunMeasurement[] = [];
    let instances = 0;
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const order = repetition % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      // No closure over `repetition`: ts-closure-transform mishandles captured loop variables.
      const dirs = {
        direct: path.join(workDir, `direct-${repetition}`),
        flink: path.join(workDir, `flink-${repetition}`),
      };
      for (const variant of order) {
        const measured = run(variant, specFile, dirs[variant], server.endpoint, server.pid);
        console.error(`  ${variant}: ${JSON.stringify(measured)}`);
        runs.push(measured);
      }
      instances = checkSameStatistics(dirs.direct, dirs.flink);
    }
    report(runs, instances);
  } finally {
    await server.stop();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
