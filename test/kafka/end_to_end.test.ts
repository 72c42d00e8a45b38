import * as assert from "assert";
import "apache-beam";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { replayLog } from "../../cli/replay_log";
import { monitorPipeline } from "../../pipelines/monitor";
import { runMonitor } from "../../runners/run_monitor";
import {
  type EventTimeRunResult,
  eventTimeDirectRunner,
} from "../../runners/direct/event_time_direct_runner";
import { kafkaClient } from "../../transforms/io/kafka/kafka_client";
import {
  SLICE_LINES,
  createFlightsTopics,
  finalTotals,
  flightsLogSlice,
  flightsOnKafkaSpec,
  statisticsOf,
} from "../support/flights_on_kafka";
import { KafkaMockCluster } from "../support/kafka_mock_cluster";
import { readTopics } from "../support/kafka_topics";

describe("Kafka end to end on the mock cluster", function () {
  this.timeout(30_000);
  let cluster: KafkaMockCluster;
  const slice = flightsLogSlice(fs.mkdtempSync(path.join(os.tmpdir(), "kafka-e2e-")));
  // In order (one request in flight), so records are no more out of order than in the log.
  const produceSlice = () =>
    replayLog(slice.file, {
      brokers: cluster.brokers,
      topic: "inference-log",
      concurrency: 1,
      timestamps: "original",
    });

  beforeEach(async () => {
    cluster = await KafkaMockCluster.start(3);
    await createFlightsTopics(cluster, ["a", "b"]);
  });
  afterEach(() => cluster.stop());

  it("produce → run → result topics: every instance counted once; a malformed message as a dead letter", async () => {
    const produced = await produceSlice();
    assert.deepStrictEqual([produced.sent, produced.failed, produced.unreadable], [SLICE_LINES, 0, 0]);
    const producer = kafkaClient(cluster.brokers, "test").producer();
    await producer.connect();
    const [malformed] = await producer.send({
      topic: "inference-log",
      messages: [{ value: "{not json", partition: 1, timestamp: "1767225603458" }],
    });
    await producer.disconnect();

    await runMonitor(flightsOnKafkaSpec(cluster.bootstrapServers, "a"), "direct");

    const results = await readTopics(cluster.brokers, ["statistics-a", "deadletter-a"]);
    const statistics = results.filter(({ topic }) => topic === "statistics-a");
    assert.deepStrictEqual(
      finalTotals(statistics.map(({ value }) => JSON.parse(value))),
      slice.expectedTotals,
    );
    for (const { key, value } of statistics) {
      const { model, feature } = JSON.parse(value);
      assert.strictEqual(key, `${model}/${feature}`);
    }
    const deadLetters = results
      .filter(({ topic }) => topic === "deadletter-a")
      .map(({ value }) => JSON.parse(value));
    assert.strictEqual(deadLetters.length, 1);
    assert.strictEqual(deadLetters[0].reason, "bad-json");
    assert.strictEqual(deadLetters[0].raw, "{not json");
    assert.deepStrictEqual(deadLetters[0].source, {
      topic: "inference-log",
      partition: 1,
      offset: malformed.baseOffset,
    });
  });

  it("a run cancelled mid-stream and restarted in the same group counts every instance at least once", async () => {
    await produceSlice();
    let delivered = 0;
    // Cancelled once half the records are in (records need the 3 s group join, so the run is known by then):
    // it stops before reading its next bundle.
    const started: { run?: EventTimeRunResult } = {};
    const first = await eventTimeDirectRunner({
      maxBundleSize: 50,
      onBundleFinished: ({ sourceElements }) => {
        delivered += sourceElements;
        if (delivered >= SLICE_LINES / 2) started.run?.cancel();
      },
    }).runAsync(monitorPipeline(flightsOnKafkaSpec(cluster.bootstrapServers, "a")));
    started.run = first;
    assert.strictEqual(await first.waitUntilFinish(), JobState_Enum.CANCELLED);
    assert.ok(delivered >= SLICE_LINES / 2 && delivered < SLICE_LINES, `read ${delivered} before the cancel`);

    await runMonitor(flightsOnKafkaSpec(cluster.bootstrapServers, "b"), "direct");

    // Committing every delivered offset at once instead gives 926 of 985: windows open at the cancel lose their first records.
    const bothRuns = await statisticsOf(cluster, "statistics-a", "statistics-b");
    assert.deepStrictEqual(finalTotals(bothRuns), slice.expectedTotals);
  });

  it("says which brokers it cannot reach, within seconds", async () => {
    const startedMs = Date.now();
    await assert.rejects(
      runMonitor(flightsOnKafkaSpec("127.0.0.1:1", "a"), "direct"),
      /cannot reach the Kafka brokers 127\.0\.0\.1:1 to read topic inference-log: .*Check that the brokers are running/,
    );
    assert.ok(Date.now() - startedMs < 10_000, `took ${Date.now() - startedMs} ms`);
  });
});
