import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { monitorPipeline } from "../../pipelines/monitor";
import { RESULT_KINDS, monitorSpecSchema } from "../../pipelines/spec/schema";
import { kafkaRecordsClasspath } from "../../runners/portable/kafka_records_classpath";
import type { EventTimeRunResult } from "../../runners/direct/event_time_direct_runner";
import { runnerFor } from "../../runners/select_runner";
import { kafkaClient } from "../../transforms/io/kafka/kafka_client";
import { prepareFileSink } from "../../transforms/io/result_sink";
import { flinkJobServer } from "../support/flink_job_server";
import { type KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { type WindowedResult, latestPanes } from "../support/latest_panes";
import { CANCEL_TIMEOUT_MS, cancel, eventually, submitStreaming } from "../support/streaming_flink_job";
import { uniqueName } from "../support/unique_name";
import { writtenResults } from "../portable/written_results";

/** Measured in kafka_on_flink.test.ts: first results 50-65 s after submit on 2 busy cores. */
const FLINK_FIRST_PANES_TIMEOUT_MS = 180_000;
/** Once the job runs, a phase's panes follow its records within seconds. */
const PHASE_TIMEOUT_MS = 60_000;

const SECOND = 1_000;
/**
 * Event time zero: 10 minutes before the clock, on a 10 s boundary. Not ahead: KafkaIO's
 * `CreateTime` policy caps its watermark at the clock (min(now, largest timestamp seen)), so
 * windows after the clock never close on Flink while our direct source lets them (see
 * docs/flink.md). Behind the clock, a caught-up partition's watermark moves to the clock on
 * both runners (ours after IDLE_TIMEOUT_MS without records), which closes every scripted window.
 */
const T0 = Math.floor((Date.now() - 10 * 60 * SECOND) / (10 * SECOND)) * 10 * SECOND;
/** Our direct runner's idle timeout: KafkaIO moves a caught-up partition to the clock at once. */
const IDLE_TIMEOUT_MS = 2_000;

/**
 * The scripted topic, produced in two phases to one partition; `at` in seconds after T0.
 * Windows of 10 s, watermark delay 2 s, allowed lateness 5 s. A = [0, 10), B = [10, 20), C = [20, 30).
 */
const PHASES = [
  // Phase 1, produced before either job starts: out of order, but within the delay.
  [
    { at: 1, x: 1 },
    { at: 5, x: 2 },
    { at: 4, x: 3 }, // 1 s out of order: A, on time
    { at: 11, x: 10 },
    { at: 9.5, x: 4 }, // 1.5 s behind 11, within the delay: A, on time (A closes only at 12)
    { at: 15, x: 20 },
    { at: 19, x: 30 },
    { at: 24, x: 100 },
  ],
  // Phase 2, once both jobs wrote the final panes of A, B and C (watermark at the clock, 10 min on):
  [
    { at: 2, x: 1000 }, // A expired: dropped
    { at: 12, x: 40 }, // B expired: dropped
  ],
];
/** After phase 2, a record stamped with the clock: its window's pane says the job read phase 2. */
const RECORDS = PHASES.flat().length + 1;

/** Worked out by hand from PHASES: each window's latest pane (count, sum of x), final. */
const EXPECTED = {
  A: { count: 4, sum: 1 + 2 + 3 + 4, final: true },
  B: { count: 3, sum: 10 + 20 + 30, final: true },
  C: { count: 1, sum: 100, final: true },
};

type Statistics = Record<string, unknown> & WindowedResult & { count: number };

function windowStart(name: keyof typeof EXPECTED): string {
  return new Date(T0 + { A: 0, B: 10, C: 20 }[name] * SECOND).toISOString();
}

/** The statistics a run wrote so far, in the order written. */
function statisticsIn(dir: string): Statistics[] {
  const file = path.join(dir, "statistics.jsonl");
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Statistics);
}

/** Asserts `dir` holds the final pane of every scripted window. */
function assertFinalPanes(dir: string): void {
  for (const name of Object.keys(EXPECTED) as (keyof typeof EXPECTED)[]) {
    const start = windowStart(name);
    const panes = statisticsIn(dir).filter((s) => s.window.start === start && s.pane.final);
    assert.ok(panes.length > 0, `no final pane of window ${name} (${start}) in ${dir}`);
  }
}

/** Asserts `dir` holds a pane of the window starting at `start`. */
function assertPaneOf(dir: string, start: string): void {
  assert.ok(
    statisticsIn(dir).some((s) => s.window.start === start),
    `no pane of the window at ${start} in ${dir}`,
  );
}

async function produce(broker: KafkaBroker, topic: string, records: { atMs: number; x: number }[]) {
  const producer = kafkaClient(broker.brokers, "event-time-script").producer();
  await producer.connect();
  try {
    // One send, acks from the leader: the records land in the partition in this order.
    await producer.send({
      topic,
      acks: -1,
      messages: records.map(({ atMs, x }) => ({
        partition: 0,
        timestamp: String(atMs),
        value: JSON.stringify({ x }),
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** The spec: one numerical feature x of plain JSON events, event time the record timestamp. */
function writeSpec(broker: KafkaBroker, topic: string, source: Record<string, unknown>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "event-time-"));
  const outDir = path.join(dir, "out");
  const spec = {
    model: "event-time",
    features: [{ name: "x", type: "numerical" }],
    input: { format: "json", eventTime: "record-timestamp" },
    source: { kind: "kafka", brokers: broker.bootstrap, topic, startFrom: "earliest", ...source },
    window: { size: "10s", watermarkDelay: "2s", allowedLateness: "5s" },
    sinks: [{ kind: "file", dir: outDir }],
  };
  const specFile = path.join(dir, "monitor.yaml");
  fs.writeFileSync(specFile, stringify(spec));
  return { spec: monitorSpecSchema.parse(spec), specFile, outDir };
}

/**
 * Every scripted window's latest pane, without its pane label: how the watermark reached the
 * clock decides the labels (below). The marker's window is left out: it ends the direct run
 * (bounded, watermark +∞) but stays open on Flink until the clock passes it.
 */
function latestData(dir: string): Map<string, Record<string, unknown>> {
  const scripted = new Set(Object.keys(EXPECTED).map((name) => windowStart(name as keyof typeof EXPECTED)));
  const latest = new Map<string, Record<string, unknown>>();
  for (const [key, record] of latestPanes(writtenResults(dir).statistics as Statistics[]))
    if (scripted.has(record.window.start)) {
      const { pane: _pane, ...data } = record;
      latest.set(key, data);
    }
  return latest;
}

describe("event time on Beam's Flink runner (streaming, real broker) equals the direct runner", function () {
  this.timeout(FLINK_FIRST_PANES_TIMEOUT_MS + 2 * PHASE_TIMEOUT_MS + CANCEL_TIMEOUT_MS);

  it("out-of-order records within the delay on time, records past the allowed lateness dropped", async function () {
    const jobEndpoint = (await flinkJobServer(this, kafkaRecordsClasspath())).endpoint;
    const broker = await sharedKafkaBroker();
    const topic = uniqueName("event-time");
    await broker.createTopic(topic, 1);
    const scripted = (records: { at: number; x: number }[]) =>
      records.map(({ at, x }) => ({ atMs: T0 + at * SECOND, x }));
    await produce(broker, topic, scripted(PHASES[0]));

    // Both jobs read the same topic in their own groups; each phase waits for both.
    const flink = writeSpec(broker, topic, { groupId: uniqueName("flink") });
    const direct = writeSpec(broker, topic, { groupId: uniqueName("direct"), maxRecords: RECORDS });
    prepareFileSink(direct.outDir, RESULT_KINDS);
    const directRun = (await runnerFor("direct", { idleTimeoutMs: IDLE_TIMEOUT_MS }).runAsync(
      monitorPipeline(direct.spec),
    )) as EventTimeRunResult;
    const directDone = directRun.waitUntilFinish();
    const job = await submitStreaming(flink.specFile, jobEndpoint, 600_000);
    try {
      await eventually("final panes of A, B, C (direct)", PHASE_TIMEOUT_MS, () =>
        assertFinalPanes(direct.outDir),
      );
      await eventually("final panes of A, B, C (Flink)", FLINK_FIRST_PANES_TIMEOUT_MS, () =>
        assertFinalPanes(flink.outDir),
      );
      await produce(broker, topic, scripted(PHASES[1]));
      const markerMs = Date.now();
      await produce(broker, topic, [{ atMs: markerMs, x: 0 }]);
      const markerWindow = new Date(Math.floor(markerMs / (10 * SECOND)) * 10 * SECOND).toISOString();
      await directDone;
      assertPaneOf(direct.outDir, markerWindow);
      // Its window closes when the clock passes its end + 2 s: within 12 s, then a few to write.
      await eventually("the marker's pane (Flink)", PHASE_TIMEOUT_MS, () =>
        assertPaneOf(flink.outDir, markerWindow),
      );
    } finally {
      await cancel(jobEndpoint, job);
      directRun.cancel(); // after its end, nothing; after a failure above, stops its read
    }

    const ours = latestData(flink.outDir);
    assert.deepStrictEqual(ours, latestData(direct.outDir), "the latest panes' data, Flink vs direct");
    for (const runDir of [flink.outDir, direct.outDir]) {
      const latestOfRun = latestPanes(statisticsIn(runDir).filter((s) => s.feature === "x"));
      for (const [name, expected] of Object.entries(EXPECTED)) {
        const start = windowStart(name as keyof typeof EXPECTED);
        const pane = [...latestOfRun.values()].find((s) => s.window.start === start);
        assert.ok(pane !== undefined, `no statistics of window ${name} in ${runDir}`);
        const { count, sum } = pane as unknown as { count: number; sum: number };
        assert.deepStrictEqual(
          { count, sum, final: pane.pane.final },
          expected,
          `window ${name} in ${runDir}`,
        );
      }
    }
    const labels = (runDir: string) =>
      Object.keys(EXPECTED)
        .map((name) => {
          const start = windowStart(name as keyof typeof EXPECTED);
          const panes = statisticsIn(runDir).filter((s) => s.feature === "x" && s.window.start === start);
          return `${name}: ${panes.map((s) => `${s.pane.timing}/${s.pane.index}${s.pane.final ? "/final" : ""}`).join(" ")}`;
        })
        .join("; ");
    // Not asserted: the panes' labels depend on whether the source reported its largest timestamp
    // before the clock (docs/flink.md, "Event time on Flink").
    console.log(`      panes, Flink: ${labels(flink.outDir)}`);
    console.log(`      panes, direct: ${labels(direct.outDir)}`);
    // Phase 2's two records, each dropped by the one aggregation of x's statistics.
    assert.strictEqual((await directRun.counters()).droppedLate, 2);
  });
});
