import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Partitioners } from "kafkajs";
import { recordsDue, replayLog } from "../../cli/replay_log";
import { type KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { readTopics } from "../support/kafka_topics";
import { uniqueName } from "../support/unique_name";

describe("replayLog (model-monitor produce) on a real broker", function () {
  this.timeout(60_000);
  let broker: KafkaBroker;
  let dir: string;
  before(async () => {
    broker = await sharedKafkaBroker();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "replay-log-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("sends the keyless records of one produce request to one partition, the next request's to the next", async () => {
    const topic = uniqueName("keyless");
    await broker.createTopic(topic, 4);
    const file = path.join(dir, "bodies.jsonl");
    // 450 bare bodies (no ce_id: no key); without a rate they go in requests of 200, 200 and 50.
    fs.writeFileSync(file, Array.from({ length: 450 }, (_, i) => JSON.stringify({ id: i })).join("\n"));
    const progress = await replayLog(file, {
      brokers: broker.brokers,
      topic,
      concurrency: 1,
      timestamps: "now",
    });
    assert.deepStrictEqual([progress.sent, progress.failed], [450, 0]);
    const partitionOf = new Map(
      (await readTopics(broker.brokers, [topic])).map((record) => [
        (JSON.parse(record.value) as { id: number }).id,
        record.partition,
      ]),
    );
    const partitionsOfRequest = (first: number, last: number) =>
      new Set(Array.from({ length: last - first + 1 }, (_, i) => partitionOf.get(first + i)));
    const requests = [
      partitionsOfRequest(0, 199),
      partitionsOfRequest(200, 399),
      partitionsOfRequest(400, 449),
    ];
    assert.deepStrictEqual(
      requests.map((partitions) => partitions.size),
      [1, 1, 1],
    );
    assert.strictEqual(new Set(requests.map((partitions) => [...partitions][0])).size, 3);
  });

  it("partitions keyed records (CloudEvents: the request id) by the default key hash", async () => {
    const topic = uniqueName("keyed");
    await broker.createTopic(topic, 4);
    const file = path.join(dir, "kcat.jsonl");
    const keys = Array.from({ length: 8 }, (_, i) => `request-${i}`);
    const kcatRecord = (key: string, offset: number) =>
      JSON.stringify({
        topic: "x",
        partition: 0,
        offset,
        ts: 1000,
        headers: ["ce_id", key],
        key,
        payload: "{}",
      });
    fs.writeFileSync(file, keys.map(kcatRecord).join("\n"));
    await replayLog(file, {
      brokers: broker.brokers,
      topic,
      concurrency: 1,
      timestamps: "original",
    });
    // The reference: kafkajs' default partitioner on a 4-partition topic with every leader up.
    const byKey = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2, 3].map((partitionId) => ({
      partitionId,
      leader: 1,
      partitionErrorCode: 0,
      replicas: [1],
      isr: [1],
    }));
    const expected = keys.map((key) => [
      key,
      byKey({ topic, partitionMetadata, message: { key, value: "{}" } }),
    ]);
    const read = await readTopics(broker.brokers, [topic]);
    assert.deepStrictEqual(read.map((record) => [record.key, record.partition]).sort(), expected.sort());
  });
});

describe("recordsDue (the producer's pacing)", () => {
  it("counts the records offered at a rate up to a moment, the first at once", () => {
    // 20,000/s: one every 0.05 ms; at 10 ms, records 0..200 are due.
    assert.strictEqual(recordsDue(20_000, 0, 10), 201);
    assert.strictEqual(recordsDue(250, 1_000, 1_000), 1);
    // 250/s: one every 4 ms.
    assert.strictEqual(recordsDue(250, 0, 3.9), 1);
    assert.strictEqual(recordsDue(250, 0, 4), 2);
  });
});
