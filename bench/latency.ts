// The reference latency experiment (issue 8) reproduced through Kafka on this machine: requests are
// produced at given rates into librdkafka's mock cluster with event time = send time, the monitoring
// job reads them, and the latency emittedAt − event time of the request(s) is measured per result kind,
// with the consumer lag over time, the job's CPU and peak RSS, and late drops.
//
//   npm run bench:latency                       (the full tables: 250,000 requests at each rate of
//                                                DEFAULT_RATES, and with early panes every 1 s at
//                                                DEFAULT_EARLY_RATES; writes bench/results/latency_results.json
//                                                and bench/latency.svg; then the same spec from a
//                                                file vs a plain loop, bench/runner_throughput.ts)
//   node dist/bench/latency.js --requests 20000 --rates 500 --early-rates "" --file-source-repetitions 0 \
//     --results r.json --chart r.svg
//   (--profile <dir>: a V8 CPU profile of the job in every run, <dir>/job-<rate>[-early].cpuprofile)
//   node dist/bench/latency.js --chart-only bench/results/latency_results.json      (redraw the chart)
//
// Per run (bench/latency/latency_run.ts): a fresh mock cluster and topic; the job in its own process
// (bench/latency/run_job.ts); requests sent by `replayLog` — what `model-monitor produce --rate
// --concurrency --timestamps now` runs — from the next window boundary; the topic read back for every
// request's event time. Latencies (bench/latency/latency_summary.ts), floors and the reference system's
// figures (bench/latency/latency_report.ts), consumer lag (bench/latency/consumer_lag.ts), chart
// (bench/latency/latency_chart.ts).
import "apache-beam";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { positiveInteger, positiveNumber } from "../cli/option_parsers";
import { writeBaseline } from "./latency/bench_inputs";
import { latencyChart } from "./latency/latency_chart";
import { latencyTable, throughputTable } from "./latency/latency_report";
import { type RunResult, type RunSettings, runAtRate } from "./latency/latency_run";
import { writeRequests } from "./latency/synthetic_data";

const BENCH_DIR = path.resolve(__dirname, "../../bench");
/** Rates up to past what the job sustains on the 2-core machine (see RESULTS.md). */
const DEFAULT_RATES = "2000,5000,10000,20000,30000,40000,50000,60000";
/** Early panes need whole windows inside the sending to be measured: 250,000 requests at 5,000/s span 50 s. */
const DEFAULT_EARLY_RATES = "5000";
const EARLY_FIRING_SECONDS = 1;

const RUNNER_THROUGHPUT = path.resolve(__dirname, "runner_throughput.js");

interface BenchResults {
  machine: string;
  command: string;
  runs: RunResult[];
  /** bench/runner_throughput.ts on this spec (file source vs plain loop, with profiles), as it printed it. */
  fileSource?: string;
}

/**
 * The file-source half of the experiment: the same spec and requests, read from a file as fast as the
 * job goes, against a plain loop computing the same statistics, in one invocation (interleaved runs,
 * the loop's results checked against the job's), with CPU profiles.
 */
function fileSourceThroughput(requests: number, repetitions: number): string {
  const args = ["--spec", "latency", "--requests", String(requests), "--repetitions", String(repetitions)];
  process.stderr.write(
    `latency bench: file source vs plain loop (runner_throughput.js ${args.join(" ")}) …\n`,
  );
  return execFileSync(process.execPath, [RUNNER_THROUGHPUT, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
    stdio: ["ignore", "pipe", "inherit"],
  });
}

/** An option's value through one of the CLI's parsers, a bad one named by its flag. */
function parsedOption<T>(flag: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (error) {
    throw new Error(`--${flag}: ${(error as Error).message}`);
  }
}

const rateList = (flag: string, text: string) =>
  text
    .split(",")
    .filter((rate) => rate.trim() !== "")
    .map((rate) => parsedOption(flag, rate, positiveNumber));

function machine(): string {
  const cpus = os.cpus();
  return (
    `${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `Node.js ${process.version}, ${os.type()} ${os.release()}`
  );
}

function writeChart(results: BenchResults, chartFile: string): void {
  const caption = `${results.runs[0]?.requests.toLocaleString("en-US")} requests per rate; ${results.machine}`;
  fs.writeFileSync(chartFile, latencyChart(results.runs, caption));
  process.stderr.write(`latency bench: chart in ${chartFile}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "250000" },
      rates: { type: "string", default: DEFAULT_RATES },
      "early-rates": { type: "string", default: DEFAULT_EARLY_RATES },
      // 250,000 requests are ~75 MB: the mock cluster keeps 5 MiB per partition, so fewer partitions would
      // delete requests before the job or the read-back reached them.
      partitions: { type: "string", default: "24" },
      concurrency: { type: "string", default: "32" },
      results: { type: "string", default: path.join(BENCH_DIR, "results", "latency_results.json") },
      chart: { type: "string", default: path.join(BENCH_DIR, "latency.svg") },
      "chart-only": { type: "string" },
      profile: { type: "string" },
      "file-source-repetitions": { type: "string", default: "3" },
    },
  });
  if (values["chart-only"] !== undefined) {
    writeChart(JSON.parse(fs.readFileSync(values["chart-only"], "utf8")) as BenchResults, values.chart);
    return;
  }
  const options = {
    requests: parsedOption("requests", values.requests, positiveInteger),
    partitions: parsedOption("partitions", values.partitions, positiveInteger),
    concurrency: parsedOption("concurrency", values.concurrency, positiveInteger),
  };
  const runs: RunSettings[] = [
    ...rateList("rates", values.rates).map((rate) => ({ rate })),
    ...rateList("early-rates", values["early-rates"]).map((rate) => ({
      rate,
      earlyFiringSeconds: EARLY_FIRING_SECONDS,
    })),
  ];
  fs.mkdirSync(path.dirname(values.results), { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latency-bench-"));
  const files = { dir, requests: path.join(dir, "requests.jsonl"), baseline: writeBaseline(dir) };
  writeRequests(files.requests, options.requests);
  const results: BenchResults = {
    machine: machine(),
    command: process.argv.slice(1).join(" "),
    runs: [],
  };
  for (const [index, settings] of runs.entries()) {
    const early =
      settings.earlyFiringSeconds === undefined ? "" : `, early panes every ${settings.earlyFiringSeconds} s`;
    process.stderr.write(
      `latency bench: ${options.requests} requests at ${settings.rate}/s${early} (load ${os.loadavg()[0].toFixed(2)}) …\n`,
    );
    const profileFile =
      values.profile === undefined
        ? undefined
        : path.join(
            values.profile,
            `job-${settings.rate}${settings.earlyFiringSeconds ? "-early" : ""}.cpuprofile`,
          );
    results.runs.push(await runAtRate(settings, { ...options, profileFile }, files));
    fs.writeFileSync(values.results, JSON.stringify(results, null, 2));
    process.stderr.write(
      `latency bench: run ${index + 1} of ${runs.length} done, results in ${values.results}\n`,
    );
  }
  const repetitions = Number(values["file-source-repetitions"]);
  if (repetitions > 0) {
    results.fileSource = fileSourceThroughput(options.requests, repetitions);
    fs.writeFileSync(values.results, JSON.stringify(results, null, 2));
  }
  process.stdout.write(`${latencyTable(results.runs)}\n\n${throughputTable(results.runs)}\n`);
  if (results.fileSource !== undefined) process.stdout.write(`\n${results.fileSource}`);
  writeChart(results, values.chart);
  process.stderr.write(`latency bench: files in ${dir}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `latency bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
