import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Kafka, logLevel } from "kafkajs";
import { kafkaRecordsClasspath } from "../../runners/portable/kafka_records_classpath";
import { flinkJobServer } from "../support/flink_job_server";
import { type KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { uniqueName } from "../support/unique_name";
import {
  CANCEL_TIMEOUT_MS,
  cancel,
  eventually,
  snapshot,
  submitStreaming,
} from "../support/streaming_flink_job";
import { RECORDED_LOG, writeFlightsVariant } from "../portable/flights_variant";
import { modelMonitorIn } from "../portable/model_monitor_cli";
import { assertSameResultsAsDirect } from "./same_results";

/** Measured here: first results 50-65 s after submit on 2 busy cores, all of them 10 s later. */
const FLINK_RESULTS_TIMEOUT_MS = 240_000;
const DIRECT_RUN_TIMEOUT_MS = 90_000;

/** The group's committed offset per partition of `topic` (-1: none), and the partitions' end offsets. */
async function offsets(broker: KafkaBroker, topic: string, groupId: string) {
  const admin = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    const byPartition = (list: { partition: number; offset: string }[]) =>
      Object.fromEntries(list.map((p) => [p.partition, Number(p.offset)]));
    return { committed: byPartition(committed.partitions), ends: byPartition(ends) };
  } finally {
    await admin.disconnect();
  }
}

describe("the flights log on a real broker, read on Beam's Flink runner (streaming) by our Kafka read", function () {
  this.timeout(2 * FLINK_RESULTS_TIMEOUT_MS + DIRECT_RUN_TIMEOUT_MS + 2 * CANCEL_TIMEOUT_MS);
  let jobEndpoint: string;
  let broker: KafkaBroker;
  let topic: string;
  let directDir: string;

  before(async function () {
    // Our read's Java steps run EMBEDDED in the job server's JVM: it needs java/kafka-records' classpath.
    jobEndpoint = (await flinkJobServer(this, kafkaRecordsClasspath())).endpoint;
    broker = await sharedKafkaBroker();
    topic = uniqueName("flights");
    await broker.createTopic(topic, 2);
    const produced = await modelMonitorIn(process.env, [
      "produce",
      RECORDED_LOG,
      "--brokers",
      broker.bootstrap,
      "--topic",
      topic,
    ]);
    assert.strictEqual(produced.status, 0, produced.stderr);
    const direct = writeFlightsVariant({
      source: {
        kind: "kafka",
        brokers: broker.bootstrap,
        topic,
        groupId: uniqueName("direct"),
        untilIdle: "5s",
      },
      statistics: { quantileSketchK: 4096 },
    });
    const run = await modelMonitorIn(process.env, ["run", direct.specFile], DIRECT_RUN_TIMEOUT_MS);
    assert.strictEqual(run.status, 0, run.stderr);
    directDir = direct.outDir;
  });

  it("a job cancelled before its first checkpoint commits no offset; its resubmission skips nothing and gives the direct runner's latest panes", async () => {
    const groupId = uniqueName("flink");
    const variant = () =>
      writeFlightsVariant({
        source: { kind: "kafka", brokers: broker.bootstrap, topic, groupId, startFrom: "earliest" },
        statistics: { quantileSketchK: 4096 },
      });

    // 1. Checkpoints 10 minutes apart: the job reads and writes results, and is cancelled long before one.
    const first = variant();
    const job1 = await submitStreaming(first.specFile, jobEndpoint, 600_000);
    try {
      await eventually("the first job's first outliers", FLINK_RESULTS_TIMEOUT_MS, () =>
        assert.ok(fs.readFileSync(path.join(first.outDir, "outlier.jsonl"), "utf8").length > 0),
      );
    } finally {
      await cancel(jobEndpoint, job1);
    }
    // Kafka's auto-commit (every 5 s) would have committed what it read; KafkaIO commits only with checkpoints.
    const afterCrash = await offsets(broker, topic, groupId);
    assert.deepStrictEqual(afterCrash.committed, { 0: -1, 1: -1 });

    // 2. Resubmitted, checkpoints every 2 s: it reads the topic from the start, and commits its end.
    const second = variant();
    const job2 = await submitStreaming(second.specFile, jobEndpoint, 2_000);
    try {
      const latest = await eventually("the direct runner's latest panes", FLINK_RESULTS_TIMEOUT_MS, () => {
        const results = snapshot(second.outDir);
        return assertSameResultsAsDirect(results, directDir);
      });
      // Alerts are compared with the direct run's by assertSameResultsAsDirect; statistics and drift are one per feature and window.
      assert.strictEqual([...latest.values()].filter((result) => result.kind !== "alert").length, 196 + 196);
      await eventually("offsets committed at the topic's end", FLINK_RESULTS_TIMEOUT_MS, async () => {
        const { committed, ends } = await offsets(broker, topic, groupId);
        assert.deepStrictEqual(committed, ends);
      });
    } finally {
      await cancel(jobEndpoint, job2);
    }
  });
});
