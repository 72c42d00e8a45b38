// The reference latency experiment (issue 8) reproduced through Kafka on this machine: requests are
// produced at a given rate into the mock cluster with event time = send time, the monitoring job reads
// them, and the latency emittedAt − event time of the request(s) is measured per result kind.
//
//   npm run bench:latency                                      (20,000 requests at 250 and 500 /s)
//   node dist/bench/latency.js --requests 250000 --rates 2000,5000,10000,20000 --partitions 4
//   node dist/bench/latency.js --early-firing 1                (provisional panes every second)
//
// Per rate: a fresh mock cluster (3 brokers) and inference topic with --partitions partitions; the job
// (bench/latency/run_job.ts, its own process: its CPU and peak RSS) starts, and after START_DELAY_MS (the
// consumer group's join) `replayLog` — what `model-monitor produce --rate --concurrency --timestamps now`
// runs — sends the requests. The job ends after the last request (maxRecords); then the input topic is
// read back for every request's event time (its record timestamp, stamped at send).
//
// Latency per result kind (bench/latency/latency_summary.ts): outliers per flagged value; statistics
// and drift per request in each window, for the first pane covering it and for the final pane, over
// the windows opened after the first request and closed by the watermark while requests were still
// sent. Next to each P75: the physical floor (a window's result cannot leave before the watermark passes
// its end: with uniform arrivals a request waits U(0, window) + delay, P75 = 0.75 × 15 s + 6 s = 17.25 s)
// and the reference system's figure.
import "apache-beam";
import { spawn, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import * as YAML from "yaml";
import { replayLog } from "../cli/replay_log";
import { resultFile } from "../transforms/io/result_sink";
import { KafkaMockCluster } from "../test/support/kafka_mock_cluster";
import { recordTimestamps } from "./latency/event_times";
import { WATERMARK_DELAY_SECONDS, WINDOW_SECONDS, latencySpec } from "./latency/latency_spec";
import { LatencySummary, outlierLatencies, windowedLatencies } from "./latency/latency_summary";
import { writeRequests, writeTrainingCsv } from "./latency/synthetic_data";

const CLI = path.resolve(__dirname, "../cli/main.js");
const JOB = path.resolve(__dirname, "latency/run_job.js");
const TOPIC = "inference-log";
/** The mock cluster delays a new group's first rebalance by 3 s; the job joins before requests flow. */
const START_DELAY_MS = 6000;
const TRAINING_ROWS = 20_000;
/** The reference system's P75 latencies (7-node cluster, 250,000 requests). */
const REFERENCE_P75_S = { outlier: 5.9, statistics: 29.92, drift: 30.86 };
const COMPLETE_PANE_P75_FLOOR_S = 0.75 * WINDOW_SECONDS + WATERMARK_DELAY_SECONDS;

interface JobUsage {
  droppedLate: number;
  peakRssMiB: number;
  cpuSeconds: number;
  wallSeconds: number;
}

interface RateResult {
  rate: number;
  sentPerSecond: number;
  sent: number;
  failed: number;
  /** From the last request sent to the job's end: how far the job was behind. */
  drainSeconds: number;
  job: JobUsage;
  latencies: { kind: string; pane: string; windows?: number; summary: LatencySummary | undefined }[];
}

/** Runs the job in its own process; resolves with its usage line once it exits. */
function startJob(specFile: string): { done: Promise<JobUsage>; endedMs: () => number } {
  const child = spawn(process.execPath, [JOB, specFile], { stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  let endedMs = 0;
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const done = new Promise<JobUsage>((resolve, reject) =>
    child.on("exit", (code) => {
      endedMs = Date.now();
      if (code === 0) resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "") as JobUsage);
      else reject(new Error(`the latency job for ${specFile} exited with ${code}`));
    }),
  );
  return { done, endedMs: () => endedMs };
}

async function runAtRate(
  rate: number,
  options: { requests: number; partitions: number; concurrency: number; earlyFiring?: number },
  files: { dir: string; requests: string; baseline: string },
): Promise<RateResult> {
  const cluster = await KafkaMockCluster.start(3);
  try {
    await cluster.createTopic(TOPIC, options.partitions);
    const dir = path.join(files.dir, `rate-${rate}`);
    fs.mkdirSync(dir, { recursive: true });
    const specFile = path.join(dir, "monitor.yaml");
    const outDir = path.join(dir, "out");
    const spec = latencySpec({
      brokers: cluster.bootstrapServers,
      topic: TOPIC,
      requests: options.requests,
      baseline: files.baseline,
      outDir,
      earlyFiringSeconds: options.earlyFiring,
    });
    fs.writeFileSync(specFile, YAML.stringify(spec));
    const job = startJob(specFile);
    await new Promise((resolve) => setTimeout(resolve, START_DELAY_MS));
    const produced = await replayLog(files.requests, {
      brokers: cluster.brokers,
      topic: TOPIC,
      ratePerSecond: rate,
      concurrency: options.concurrency,
      timestamps: "now",
    });
    const lastSentMs = Date.now();
    const usage = await job.done;
    const eventTimes = await recordTimestamps(cluster.brokers, TOPIC);
    const firstEventMs = eventTimes.reduce((a, b) => Math.min(a, b), Infinity);
    const lastEventMs = eventTimes.reduce((a, b) => Math.max(a, b), 0);
    const windowMs = WINDOW_SECONDS * 1000;
    const sending = { firstEventMs, closesBeforeMs: lastEventMs - WATERMARK_DELAY_SECONDS * 1000 };
    const windowed = (kind: "statistics" | "drift") => {
      const measured = windowedLatencies(resultFile(outDir, kind), eventTimes, windowMs, sending);
      return [
        { kind, pane: "first covering", windows: measured.windows, summary: measured.firstPane },
        { kind, pane: "final", windows: measured.windows, summary: measured.finalPane },
      ];
    };
    return {
      rate,
      sent: produced.sent,
      failed: produced.failed,
      sentPerSecond: produced.sent / (produced.elapsedMs / 1000),
      drainSeconds: (job.endedMs() - lastSentMs) / 1000,
      job: usage,
      latencies: [
        { kind: "outlier", pane: "—", summary: outlierLatencies(resultFile(outDir, "outlier")) },
        ...windowed("statistics"),
        ...windowed("drift"),
      ],
    };
  } finally {
    await cluster.stop();
  }
}

const seconds = (value: number | undefined) => (value === undefined ? "—" : value.toFixed(2));

function report(results: RateResult[]): string {
  const lines = [
    "| rate (req/s) | sent/s | kind | pane | windows | n | P50 (s) | P75 (s) | P95 (s) | max (s) | P75 floor (s) | reference P75 (s) |",
    "| -----------: | -----: | ---- | ---- | ------: | -: | ------: | ------: | ------: | ------: | ------------: | ----------------: |",
  ];
  for (const result of results) {
    for (const { kind, pane, windows, summary } of result.latencies) {
      const floor = kind === "outlier" ? 0 : pane === "final" ? COMPLETE_PANE_P75_FLOOR_S : undefined;
      const reference = REFERENCE_P75_S[kind as keyof typeof REFERENCE_P75_S];
      lines.push(
        `| ${result.rate} | ${result.sentPerSecond.toFixed(0)} | ${kind} | ${pane} | ${windows ?? "—"} | ` +
          `${summary?.count ?? 0} | ${seconds(summary?.p50)} | ${seconds(summary?.p75)} | ` +
          `${seconds(summary?.p95)} | ${seconds(summary?.max)} | ${seconds(floor)} | ${reference} |`,
      );
    }
  }
  lines.push(
    "",
    "| rate (req/s) | sent | failed | dropped late | job wall (s) | job CPU (s) | CPU / wall | peak RSS (MiB) | drain after last send (s) |",
    "| -----------: | ---: | -----: | -----------: | -----------: | ----------: | ---------: | -------------: | ------------------------: |",
  );
  for (const { rate, sent, failed, job, drainSeconds } of results) {
    lines.push(
      `| ${rate} | ${sent} | ${failed} | ${job.droppedLate} | ${job.wallSeconds.toFixed(1)} | ` +
        `${job.cpuSeconds.toFixed(1)} | ${(job.cpuSeconds / job.wallSeconds).toFixed(2)} | ` +
        `${job.peakRssMiB.toFixed(0)} | ${drainSeconds.toFixed(2)} |`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "20000" },
      rates: { type: "string", default: "250,500" },
      partitions: { type: "string", default: "4" },
      concurrency: { type: "string", default: "32" },
      "early-firing": { type: "string" },
      out: { type: "string" },
    },
  });
  const options = {
    requests: Number(values.requests),
    partitions: Number(values.partitions),
    concurrency: Number(values.concurrency),
    earlyFiring: values["early-firing"] === undefined ? undefined : Number(values["early-firing"]),
  };
  const rates = values.rates.split(",").map(Number);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latency-bench-"));
  const files = {
    dir,
    requests: path.join(dir, "requests.jsonl"),
    baseline: path.join(dir, "baseline.json"),
  };
  writeRequests(files.requests, options.requests);
  const training = path.join(dir, "training.csv");
  writeTrainingCsv(training, TRAINING_ROWS);
  // The baseline job reads only the features from the spec; the brokers in it are never contacted.
  const baselineSpec = path.join(dir, "baseline-spec.yaml");
  fs.writeFileSync(
    baselineSpec,
    YAML.stringify(
      latencySpec({
        brokers: "unused:9092",
        topic: TOPIC,
        requests: options.requests,
        baseline: files.baseline,
        outDir: dir,
      }),
    ),
  );
  execFileSync(
    process.execPath,
    [CLI, "baseline", baselineSpec, "--data", training, "--out", files.baseline],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const results: RateResult[] = [];
  for (const rate of rates) {
    process.stderr.write(`latency bench: ${options.requests} requests at ${rate}/s …\n`);
    results.push(await runAtRate(rate, options, files));
  }
  const table = report(results);
  process.stdout.write(`${table}\n`);
  if (values.out !== undefined) fs.writeFileSync(values.out, JSON.stringify(results, null, 2));
  process.stderr.write(`latency bench: files in ${dir}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `latency bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
