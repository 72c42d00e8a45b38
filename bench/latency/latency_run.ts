import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { replayLog } from "../../cli/replay_log";
import { resultFile } from "../../transforms/io/result_sink";
import { KafkaMockCluster } from "../../test/support/kafka_mock_cluster";
import { readTopicRecords } from "../../test/support/kafka_topics";
import { childCpuSeconds } from "./child_cpu";
import { type ConsumerLag, type SentSample, consumerLag } from "./consumer_lag";
import { WATERMARK_DELAY_SECONDS, WINDOW_SECONDS, kafkaRequestSource, latencySpec } from "./latency_spec";
import { type LatencySummary, outlierLatencies, windowedLatencies } from "./latency_summary";
import type { JobProgressSample, JobReport } from "./job_report";

const JOB = path.resolve(__dirname, "run_job.js");
/** The mock cluster's helper binary (test/support/kafka_mock_cluster.ts) as its process is named. */
const MOCK_CLUSTER_PROCESS = "beam-model-monitor-kafka-mock";
const TOPIC = "inference-log";
/** The mock cluster delays a new group's first rebalance by 3 s; the job joins before requests flow. */
const START_DELAY_MS = 6000;
const WINDOW_MS = WINDOW_SECONDS * 1000;
/**
 * The producer connects after the window boundary it waited for, so the first request leaves a little
 * after it: a window opened at most this long before the first request still counts as wholly sent.
 */
const SEND_START_SLACK_MS = 500;

/** One run of the experiment: the requests offered at a rate, with or without early panes. */
export interface RunSettings {
  rate: number;
  earlyFiringSeconds?: number;
}

export interface RunOptions {
  requests: number;
  partitions: number;
  concurrency: number;
  /** Where the job's V8 CPU profile goes; none: not profiled. */
  profileFile?: string;
}

export interface LatencyRow {
  kind: "outlier" | "statistics" | "drift";
  pane: "—" | "first covering" | "final";
  /** Windows measured (windowed kinds). */
  windows?: number;
  summary: LatencySummary | undefined;
}

export interface RunResult extends RunSettings {
  startedAt: string;
  /** The 1-minute load average just before the run (other processes on the machine). */
  loadBefore: number;
  requests: number;
  sent: number;
  failed: number;
  sentPerSecond: number;
  /** CPU seconds per second of sending of the producer (this process) and of the mock cluster (1 = one core). */
  producerCoresWhileSending: number;
  mockClusterCoresWhileSending: number | undefined;
  job: Omit<JobReport, "progress" | "startedAtMs">;
  /** The job's CPU time per second of wall time from the first send to the last (1 = one core). */
  jobCoresWhileSending: number;
  lag: ConsumerLag;
  /** From the last request sent to the job's end (its last panes written). */
  drainSeconds: number;
  latencies: LatencyRow[];
}

/** Runs the job in its own process; resolves with its report once it exits. */
function startJob(
  specFile: string,
  profileFile?: string,
): { done: Promise<JobReport>; endedMs: () => number } {
  const args = [JOB, specFile, ...(profileFile === undefined ? [] : [profileFile])];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  let endedMs = 0;
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const done = new Promise<JobReport>((resolve, reject) =>
    child.on("exit", (code) => {
      endedMs = Date.now();
      if (code === 0) resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "") as JobReport);
      else reject(new Error(`the latency job for ${specFile} exited with ${code}`));
    }),
  );
  return { done, endedMs: () => endedMs };
}

/** Waits until the next window boundary, so that the sending covers as many whole windows as it can. */
async function untilWindowStart(): Promise<void> {
  const waitMs = WINDOW_MS - (Date.now() % WINDOW_MS);
  await new Promise((resolve) => setTimeout(resolve, waitMs));
}

/**
 * One run on a fresh mock cluster (3 brokers) and inference topic: the job starts, after the group
 * join the requests go out at the rate from the next window boundary on (event time = send time),
 * the job ends after the last one, and the topic is read back for every request's event time.
 */
export async function runAtRate(
  settings: RunSettings,
  options: RunOptions,
  files: { dir: string; requests: string; baseline: string },
): Promise<RunResult> {
  const loadBefore = os.loadavg()[0];
  const startedAt = new Date().toISOString();
  const cluster = await KafkaMockCluster.start(3);
  try {
    await cluster.createTopic(TOPIC, options.partitions);
    const dir = path.join(files.dir, `rate-${settings.rate}${settings.earlyFiringSeconds ? "-early" : ""}`);
    fs.mkdirSync(dir, { recursive: true });
    const specFile = path.join(dir, "monitor.yaml");
    const outDir = path.join(dir, "out");
    const source = kafkaRequestSource(cluster.bootstrapServers, TOPIC, options.requests);
    const { earlyFiringSeconds } = settings;
    const spec = latencySpec({ source, baseline: files.baseline, outDir, earlyFiringSeconds });
    fs.writeFileSync(specFile, YAML.stringify(spec));
    const job = startJob(specFile, options.profileFile);
    await new Promise((resolve) => setTimeout(resolve, START_DELAY_MS));
    await untilWindowStart();
    const sent: SentSample[] = [];
    const producerCpu = process.cpuUsage();
    const mockCpuBefore = childCpuSeconds(MOCK_CLUSTER_PROCESS);
    const firstSentMs = Date.now();
    const produced = await replayLog(files.requests, {
      brokers: cluster.brokers,
      topic: TOPIC,
      ratePerSecond: settings.rate,
      concurrency: options.concurrency,
      timestamps: "now",
      onProgress: (progress) => sent.push({ atMs: Date.now(), sent: progress.sent }),
    });
    const lastSentMs = Date.now();
    const producerCpuUsed = process.cpuUsage(producerCpu);
    const mockCpuAfter = childCpuSeconds(MOCK_CLUSTER_PROCESS);
    const sendingSeconds = (lastSentMs - firstSentMs) / 1000;
    const report = await job.done;
    const eventTimes = Float64Array.from(
      await readTopicRecords(cluster.brokers, [TOPIC], ({ message }) => Number(message.timestamp)),
    );
    if (eventTimes.length !== produced.sent) {
      throw new Error(`read back ${eventTimes.length} of the ${produced.sent} requests sent to ${TOPIC}`);
    }
    const { progress, startedAtMs: _startedAtMs, ...usage } = report;
    return {
      ...settings,
      startedAt,
      loadBefore,
      requests: options.requests,
      sent: produced.sent,
      failed: produced.failed,
      sentPerSecond: produced.sent / (produced.elapsedMs / 1000),
      producerCoresWhileSending: (producerCpuUsed.user + producerCpuUsed.system) / 1e6 / sendingSeconds,
      mockClusterCoresWhileSending:
        mockCpuBefore === undefined || mockCpuAfter === undefined
          ? undefined
          : (mockCpuAfter - mockCpuBefore) / sendingSeconds,
      job: usage,
      jobCoresWhileSending: coresBetween(progress, firstSentMs, lastSentMs),
      lag: consumerLag(sent, progress, { firstMs: firstSentMs, lastMs: lastSentMs }, settings.rate),
      drainSeconds: (job.endedMs() - lastSentMs) / 1000,
      latencies: latencyRows(outDir, eventTimes),
    };
  } finally {
    await cluster.stop();
  }
}

/** CPU seconds per wall second of the job between its progress samples nearest to two moments. */
function coresBetween(progress: JobProgressSample[], fromMs: number, toMs: number): number {
  const at = (ms: number) => progress.filter((sample) => sample.atMs <= ms).pop() ?? progress[0];
  const from = at(fromMs);
  const to = at(toMs);
  return to.atMs === from.atMs ? 0 : (to.cpuSeconds - from.cpuSeconds) / ((to.atMs - from.atMs) / 1000);
}

/**
 * Latency per result kind: outliers per flagged value; statistics and drift per request, for the
 * first pane covering it and the final pane, over the windows wholly inside the sending.
 */
function latencyRows(outDir: string, eventTimes: Float64Array): LatencyRow[] {
  const firstEventMs = eventTimes.reduce((a, b) => Math.min(a, b), Infinity);
  const lastEventMs = eventTimes.reduce((a, b) => Math.max(a, b), 0);
  const sending = {
    firstEventMs: firstEventMs - SEND_START_SLACK_MS,
    closesBeforeMs: lastEventMs - WATERMARK_DELAY_SECONDS * 1000,
  };
  const windowed = (kind: "statistics" | "drift"): LatencyRow[] => {
    const measured = windowedLatencies(resultFile(outDir, kind), eventTimes, WINDOW_MS, sending);
    return [
      { kind, pane: "first covering", windows: measured.windows, summary: measured.firstPane },
      { kind, pane: "final", windows: measured.windows, summary: measured.finalPane },
    ];
  };
  return [
    { kind: "outlier", pane: "—", summary: outlierLatencies(resultFile(outDir, "outlier")) },
    ...windowed("statistics"),
    ...windowed("drift"),
  ];
}
