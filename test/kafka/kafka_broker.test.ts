import * as assert from "assert";
import { kafkaClient } from "../../transforms/io/kafka/kafka_client";
import { type KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { uniqueName } from "../support/unique_name";
import { readTopics } from "../support/kafka_topics";

/** Values of a topic's records by partition, in offset order. */
async function valuesByPartition(broker: KafkaBroker, topic: string): Promise<string[][]> {
  const byPartition: string[][] = [];
  for (const record of await readTopics(broker.brokers, [topic])) {
    (byPartition[record.partition] ??= []).push(record.value);
  }
  return byPartition;
}

async function produce(broker: KafkaBroker, topic: string, values: string[]): Promise<void> {
  const producer = kafkaClient(broker.brokers, "test-producer").producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((value, i) => ({ value, partition: i % 2 })) });
  } finally {
    await producer.disconnect();
  }
}

async function committedOffsets(broker: KafkaBroker, groupId: string, topic: string): Promise<string[]> {
  const admin = kafkaClient(broker.brokers, "test-admin").admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets.partitions.sort((x, y) => x.partition - y.partition).map(({ offset }) => offset);
  } finally {
    await admin.disconnect();
  }
}

async function commit(broker: KafkaBroker, groupId: string, topic: string, offsets: string[]): Promise<void> {
  const admin = kafkaClient(broker.brokers, "test-admin").admin();
  await admin.connect();
  try {
    await admin.setOffsets({
      groupId,
      topic,
      partitions: offsets.map((offset, partition) => ({ partition, offset })),
    });
  } finally {
    await admin.disconnect();
  }
}

describe("the real Kafka broker the tests share (KRaft, Kafka 3.7.2)", function () {
  this.timeout(60_000);
  let broker: KafkaBroker;
  before(async () => (broker = await sharedKafkaBroker()));

  it("listens on a loopback port and refuses a topic it was not asked to create", async () => {
    assert.match(broker.bootstrap, /^127\.0\.0\.1:\d+$/);
    const producer = kafkaClient(broker.brokers, "test-producer", { retry: { retries: 0 } }).producer();
    await producer.connect();
    try {
      await assert.rejects(
        producer.send({ topic: uniqueName("never-created"), messages: [{ value: "x" }] }),
        /This server does not host this topic-partition/,
      );
    } finally {
      await producer.disconnect();
    }
  });

  for (const fault of ["stop", "kill"] as const) {
    it(`keeps records and committed offsets across a ${fault} and start on the same port`, async () => {
      const topic = uniqueName(`restart-${fault}`);
      const group = uniqueName("restart-group");
      await broker.createTopic(topic, 2);
      await produce(broker, topic, ["a", "b", "c", "d", "e"]);
      await commit(broker, group, topic, ["2", "1"]);
      const port = broker.ports.broker;
      try {
        await broker[fault]();
        assert.strictEqual(broker.state, "stopped");
      } finally {
        await broker.start();
      }
      assert.strictEqual(broker.ports.broker, port);
      assert.deepStrictEqual(await valuesByPartition(broker, topic), [
        ["a", "c", "e"],
        ["b", "d"],
      ]);
      assert.deepStrictEqual(await committedOffsets(broker, group, topic), ["2", "1"]);
    });
  }

  it("answers nothing while paused (SIGSTOP) and serves again once resumed", async () => {
    const topic = uniqueName("paused");
    await broker.createTopic(topic, 2);
    const admin = kafkaClient(broker.brokers, "test-admin", {
      requestTimeout: 1_000,
      retry: { retries: 0 },
    }).admin();
    await admin.connect();
    try {
      broker.pause();
      try {
        await assert.rejects(admin.fetchTopicOffsets(topic), /timed out|timeout/i);
      } finally {
        broker.resume();
      }
    } finally {
      await admin.disconnect();
    }
    await produce(broker, topic, ["after"]);
    assert.deepStrictEqual(await valuesByPartition(broker, topic), [["after"]]);
  });
});
