import * as assert from "assert";
import { monitorSpecSchema } from "../../pipelines/spec/schema";
import { systemClock } from "../../runners/direct/clock";
import { KafkaSourceDriver, type KafkaSourceSpec } from "../../runners/direct/sources/kafka_driver";
import type { SourceBundle, TimestampedElement } from "../../runners/direct/sources/source_driver";
import { kafkaClient } from "../../transforms/io/kafka/kafka_client";
import { type KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { uniqueName } from "../support/unique_name";

/** Polls the driver until `count` elements have come (or it ends); `bundles` counts its nextBundle calls. */
async function take(driver: KafkaSourceDriver, count: number, polls: { bundles: number }) {
  const elements: TimestampedElement[] = [];
  let last: SourceBundle;
  do {
    last = await driver.nextBundle({ maxElements: 100, maxWaitMs: 100 });
    polls.bundles++;
    elements.push(...last.elements);
  } while (elements.length < count && !last.exhausted);
  return { elements, last };
}

describe("the Kafka source driver on a real broker", function () {
  this.timeout(60_000);
  let broker: KafkaBroker;
  let topic: string;
  let groupId: string;
  before(async () => {
    broker = await sharedKafkaBroker();
    topic = uniqueName("log");
    groupId = uniqueName("driver");
    await broker.createTopic(topic, 2);
  });

  it("delivers raw events with headers, holds the watermark per partition, commits only acknowledged bundles", async () => {
    const kafka = kafkaClient(broker.brokers, "test");
    const producer = kafka.producer();
    await producer.connect();
    const send = (partition: number, value: string, timestamp: number) =>
      producer.send({
        topic,
        messages: [
          { value, partition, timestamp: String(timestamp), headers: { ce_id: value, ce_type: "t" } },
        ],
      });
    await send(0, "r1", 1000);
    await send(0, "r2", 2000);
    const spec = monitorSpecSchema.shape.source.parse({
      kind: "kafka",
      brokers: broker.bootstrap,
      topic,
      groupId,
      maxRecords: 4,
      sessionTimeout: "4s",
    }) as KafkaSourceSpec;
    const driver = new KafkaSourceDriver(spec, systemClock, 60_000, (line) => assert.fail(line));
    const polls = { bundles: 0 };
    const committed = async () => {
      const admin = kafka.admin();
      await admin.connect();
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      await admin.disconnect();
      return offsets.partitions.sort((a, b) => a.partition - b.partition).map(({ offset }) => offset);
    };
    try {
      const first = await take(driver, 2, polls);
      assert.deepStrictEqual(first.elements[0], {
        element: {
          value: "r1",
          headers: { ce_id: "r1", ce_type: "t" },
          timestampMs: 1000,
          origin: { topic, partition: 0, offset: "0" },
        },
        timestampMs: 1000,
      });
      assert.deepStrictEqual(
        first.elements.map(({ timestampMs }) => timestampMs),
        [1000, 2000],
      );
      // Both of partition 0's records are delivered: nothing left to read there (consumer lag 0).
      assert.deepStrictEqual(driver.backlog(), { [`${topic}/0`]: 0 });
      // Partition 1 is assigned but has no record yet: it holds the source watermark at −∞.
      assert.strictEqual(first.last.watermarkMs, -Infinity);
      const firstPhaseBundles = polls.bundles;

      await send(1, "r3", 1500);
      const second = await take(driver, 1, polls);
      assert.deepStrictEqual(
        second.elements.map(({ timestampMs }) => timestampMs),
        [1500],
      );
      assert.strictEqual(second.last.watermarkMs, 1500); // min(2000 on partition 0, 1500 on partition 1)

      assert.deepStrictEqual(await committed(), ["-1", "-1"]);
      await driver.acknowledgeBundlesBefore(firstPhaseBundles);
      assert.deepStrictEqual(await committed(), ["2", "-1"]); // r1 and r2 done; r3 still held
      await driver.acknowledgeBundlesBefore(polls.bundles);
      assert.deepStrictEqual(await committed(), ["2", "1"]);

      await send(0, "r4", 4000);
      await send(0, "r5", 5000);
      const last = await take(driver, 2, polls);
      // maxRecords 4: r4 ends the source, with the watermark at +∞; r5 stays for the next run.
      assert.deepStrictEqual(
        last.elements.map(({ timestampMs }) => timestampMs),
        [4000],
      );
      assert.deepStrictEqual([last.last.exhausted, last.last.watermarkMs], [true, Infinity]);
      await driver.acknowledgeBundlesBefore(polls.bundles);
      assert.deepStrictEqual(await committed(), ["3", "1"]);
    } finally {
      await producer.disconnect();
      await driver.close();
    }
  });
});
