import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { replayLog } from "../../cli/replay_log";
import { runMonitor } from "../../runners/run_monitor";
import { kafkaClient } from "../../transforms/io/kafka/kafka_client";
import {
  type FlightsInput,
  type FlightsRun,
  createFlightsTopics,
  flightsLogSlice,
  flightsOnKafkaSpec,
  latestTotals,
  statisticsOf,
  unfinishedLatestPanes,
} from "../support/flights_on_kafka";
import { KAFKA_API, KAFKA_ERROR, KafkaMockCluster } from "../support/kafka_mock_cluster";

// librdkafka's mock cluster, not the real broker: only the mock can make a broker answer a given
// API's requests with chosen error codes (a real broker refuses produce requests only for real
// causes — ACLs, leadership moves — that a single test broker cannot be made to have on cue).
describe("the Kafka sink under produce errors injected by librdkafka's mock cluster", function () {
  this.timeout(30_000);
  let cluster: KafkaMockCluster;
  let input: FlightsInput;
  let run: FlightsRun;
  const slice = flightsLogSlice(fs.mkdtempSync(path.join(os.tmpdir(), "kafka-sink-faults-")));

  beforeEach(async () => {
    cluster = await KafkaMockCluster.start(3);
    let runs: FlightsRun[];
    ({ input, runs } = await createFlightsTopics(cluster, 1));
    run = runs[0];
    await replayLog(slice.file, {
      brokers: cluster.brokers,
      topic: input.topic,
      concurrency: 1,
      timestamps: "original",
    });
  });
  afterEach(() => cluster.stop());

  it("retries retriable errors: every result is written, once", async () => {
    // The job's first three produce requests are refused as sent to a partition's non-leader.
    await cluster.pushRequestErrors(KAFKA_API.produce, Array(3).fill(KAFKA_ERROR.notLeaderForPartition));

    await runMonitor(flightsOnKafkaSpec(cluster.bootstrapServers, input, run), "direct");

    const statistics = await statisticsOf(cluster, run.statistics);
    assert.deepStrictEqual(latestTotals(statistics), slice.expectedTotals);
    assert.deepStrictEqual(unfinishedLatestPanes(statistics), []);
    const finalPanes = statistics
      .filter((record) => record.pane.final)
      .map((r) => `${r.feature} ${r.window.start}`);
    assert.strictEqual(new Set(finalPanes).size, finalPanes.length, "a final pane was written twice");
    // The job met the errors: a producer that does not retry now gets through at once.
    const producer = kafkaClient(cluster.brokers, "test", { retry: { retries: 0 } }).producer();
    await producer.connect();
    await producer.send({ topic: run.statistics, messages: [{ value: "after" }] });
    await producer.disconnect();
  });

  it("stops the job on a fatal error, saying what was not written, and commits no offsets past it", async () => {
    await cluster.pushRequestErrors(KAFKA_API.produce, Array(50).fill(KAFKA_ERROR.topicAuthorizationFailed));

    await assert.rejects(
      runMonitor(flightsOnKafkaSpec(cluster.bootstrapServers, input, run), "direct"),
      new RegExp(
        `Kafka sink 1 \\(brokers .*\\) could not write \\d+ to ${run.statistics}: .*authoriz.*The job stops so that no result is dropped`,
        "i",
      ),
    );

    // No result was written, so every record must be read again by the next run.
    const admin = kafkaClient(cluster.brokers, "test").admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: input.groupId, topics: [input.topic] });
    await admin.disconnect();
    assert.deepStrictEqual(
      committed.partitions.map(({ offset }) => offset),
      ["-1", "-1"],
    );
  });
});
