import * as assert from "assert";
import { Kafka, logLevel } from "kafkajs";
import { KafkaMockCluster } from "../support/kafka_mock_cluster";

describe("the Kafka mock cluster with kafkajs", function () {
  this.timeout(15_000);
  let cluster: KafkaMockCluster;
  before(async () => (cluster = await KafkaMockCluster.start(3)));
  after(() => cluster.stop());

  it("starts brokers on loopback ports", () => {
    assert.match(cluster.bootstrapServers, /^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
  });

  it("takes records from a producer, serves them to a consumer group and keeps its committed offsets", async () => {
    await cluster.createTopic("harness", 2);
    const kafka = new Kafka({ brokers: cluster.brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const values = ["a", "b", "c", "d", "e", "f"];
    await producer.send({
      topic: "harness",
      messages: values.map((value, i) => ({ value, partition: i % 2, timestamp: String(1000 + i) })),
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: "harness-group", maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: "harness", fromBeginning: true });
    const seen: { value: string; partition: number; offset: string; timestamp: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            seen.push({
              value: String(message.value),
              partition,
              offset: message.offset,
              timestamp: message.timestamp,
            });
            if (seen.length === values.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect(); // commits what eachMessage resolved

    // Partition i % 2 got values[i]; offsets count from 0 per partition; timestamps are the producer's.
    assert.deepStrictEqual(
      seen.sort((x, y) => x.value.localeCompare(y.value)),
      [
        { value: "a", partition: 0, offset: "0", timestamp: "1000" },
        { value: "b", partition: 1, offset: "0", timestamp: "1001" },
        { value: "c", partition: 0, offset: "1", timestamp: "1002" },
        { value: "d", partition: 1, offset: "1", timestamp: "1003" },
        { value: "e", partition: 0, offset: "2", timestamp: "1004" },
        { value: "f", partition: 1, offset: "2", timestamp: "1005" },
      ],
    );
    const admin = kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId: "harness-group", topics: ["harness"] });
    await admin.disconnect();
    assert.deepStrictEqual(
      committed[0].partitions
        .map(({ partition, offset }) => ({ partition, offset }))
        .sort((x, y) => x.partition - y.partition),
      [
        { partition: 0, offset: "3" },
        { partition: 1, offset: "3" },
      ],
    );
  });

  it("reports a command the helper rejects", async () => {
    await assert.rejects(cluster.setBrokerDown(99), /broker_down 99.*failed/);
  });
});
