import * as assert from "assert";
import "apache-beam";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { replayLog } from "../../cli/replay_log";
import { monitorPipeline } from "../../pipelines/monitor";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
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

const OUTAGE_MS = 2_000;

/** The leader of each partition of these topics, as `topic/partition` → broker id. */
async function leaders(cluster: KafkaMockCluster, topics: string[]): Promise<Record<string, number>> {
  const admin = kafkaClient(cluster.brokers, "test").admin();
  await admin.connect();
  const metadata = await admin.fetchTopicMetadata({ topics });
  await admin.disconnect();
  const byPartition: Record<string, number> = {};
  for (const { name, partitions } of metadata.topics)
    for (const { partitionId, leader } of partitions) byPartition[`${name}/${partitionId}`] = leader;
  return byPartition;
}

describe("a Kafka broker down mid-run (mock cluster fault injection)", function () {
  this.timeout(30_000);
  let cluster: KafkaMockCluster;
  const slice = flightsLogSlice(fs.mkdtempSync(path.join(os.tmpdir(), "kafka-outage-")));

  before(async () => {
    cluster = await KafkaMockCluster.start(3);
    await createFlightsTopics(cluster, ["a"]);
    await replayLog(slice.file, {
      brokers: cluster.brokers,
      topic: "inference-log",
      concurrency: 1,
      timestamps: "original",
    });
  });
  after(() => cluster.stop());

  it("the leader of an input partition and of the statistics topic, down for 2 s: every instance counted, once", async () => {
    // Broker 2 leads half the input and all statistics; the mock moves no leadership while it is down.
    await cluster.setPartitionLeader("inference-log", 0, 1);
    await cluster.setPartitionLeader("inference-log", 1, 2);
    await cluster.setPartitionLeader("statistics-a", 0, 2);
    await cluster.setPartitionLeader("deadletter-a", 0, 3);
    assert.deepStrictEqual(await leaders(cluster, ["inference-log", "statistics-a", "deadletter-a"]), {
      "inference-log/0": 1,
      "inference-log/1": 2,
      "statistics-a/0": 2,
      "deadletter-a/0": 3,
    });
    let delivered = 0;
    let outage: { deliveredBefore: number; startMs: number } | undefined;
    const run = await eventTimeDirectRunner({
      maxBundleSize: 50,
      onBundleFinished: ({ sourceElements }) => {
        delivered += sourceElements;
        if (outage === undefined && delivered >= SLICE_LINES / 2) {
          outage = { deliveredBefore: delivered, startMs: Date.now() };
          void cluster.setBrokerDownFor(2, OUTAGE_MS);
        }
      },
    }).runAsync(monitorPipeline(flightsOnKafkaSpec(cluster.bootstrapServers, "a")));
    assert.strictEqual(await run.waitUntilFinish(), JobState_Enum.DONE);

    assert.ok(outage !== undefined && outage.deliveredBefore < SLICE_LINES, "the outage began mid-stream");
    const statistics = await statisticsOf(cluster, "statistics-a");
    assert.deepStrictEqual(finalTotals(statistics), slice.expectedTotals);
    // Results made while the statistics leader was down reached it only through the sink's retries.
    const emittedInOutage = statistics.filter(({ emittedAt }) => {
      const emittedMs = Date.parse(emittedAt);
      return emittedMs >= outage!.startMs && emittedMs < outage!.startMs + OUTAGE_MS;
    });
    assert.ok(emittedInOutage.length > 0, "no result was made during the outage");
    // No restart, so no pane may come twice (a pane is identified by feature, window and index).
    const panes = statistics.map(({ feature, window, pane }) => `${feature} ${window.start} ${pane.index}`);
    assert.strictEqual(new Set(panes).size, panes.length, "a pane was written twice");
  });
});
