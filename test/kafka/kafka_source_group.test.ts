import * as assert from "assert";
import { AssignerProtocol } from "kafkajs";
import { monitorSpecSchema } from "../../pipelines/spec/schema";
import { systemClock } from "../../runners/direct/clock";
import { KafkaSourceDriver, type KafkaSourceSpec } from "../../runners/direct/sources/kafka_driver";
import { kafkaClient } from "../../transforms/io/kafka/kafka_client";
import { waitFor } from "../support/deadline";
import { type KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { uniqueName } from "../support/unique_name";

const PARTITIONS = 4;
/** Long enough for a rebalance on 2 busy cores; each wait fails naming what did not happen. */
const DEADLINE_MS = 30_000;

/** One member of the group: a source driver and every (partition, offset) it delivered, in order. */
class Member {
  readonly delivered: { partition: number; offset: number }[] = [];
  bundles = 0;

  constructor(readonly driver: KafkaSourceDriver) {}

  async poll(): Promise<void> {
    const bundle = await this.driver.nextBundle({ maxElements: 25, maxWaitMs: 100 });
    this.bundles++;
    for (const { element } of bundle.elements) {
      const { partition, offset } = (element as { origin: { partition: number; offset: string } }).origin;
      this.delivered.push({ partition, offset: Number(offset) });
    }
  }

  /** Acknowledges every bundle delivered so far: their offsets are committed. */
  acknowledgeAll(): Promise<void> {
    return this.driver.acknowledgeBundlesBefore(this.bundles);
  }

  /** The partitions the driver holds delivered records of (what `backlog` reports). */
  partitionsHeld(): number[] {
    return Object.keys(this.driver.backlog())
      .map((name) => Number(name.slice(name.lastIndexOf("/") + 1)))
      .sort();
  }
}

describe("the Kafka source driver in a consumer group of two on a real broker", function () {
  this.timeout(120_000);
  let broker: KafkaBroker;
  let topic: string;
  let groupId: string;
  const members: Member[] = [];

  before(async () => {
    broker = await sharedKafkaBroker();
    topic = uniqueName("group-log");
    groupId = uniqueName("group");
    await broker.createTopic(topic, PARTITIONS);
  });
  after(async () => {
    for (const member of members) await member.driver.close().catch(() => {});
  });

  const newMember = () => {
    const spec = monitorSpecSchema.shape.source.parse({
      kind: "kafka",
      brokers: broker.bootstrap,
      topic,
      groupId,
      sessionTimeout: "4s",
    }) as KafkaSourceSpec;
    const member = new Member(new KafkaSourceDriver(spec, systemClock, 60_000, () => {}));
    members.push(member);
    return member;
  };

  async function produce(perPartition: number, from: number): Promise<void> {
    const producer = kafkaClient(broker.brokers, "test-producer").producer();
    await producer.connect();
    const messages = [];
    for (let partition = 0; partition < PARTITIONS; partition++)
      for (let i = 0; i < perPartition; i++)
        messages.push({ partition, value: `${partition}:${from + i}`, timestamp: String(1_000 + from + i) });
    await producer.send({ topic, messages });
    await producer.disconnect();
  }

  async function admin<T>(use: (client: ReturnType<ReturnType<typeof kafkaClient>["admin"]>) => Promise<T>) {
    const client = kafkaClient(broker.brokers, "test-admin").admin();
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.disconnect();
    }
  }

  /** Per partition, the offset after its last record (a producer's retry may have written a batch twice). */
  const endOffsets = () =>
    admin(async (client) =>
      (await client.fetchTopicOffsets(topic))
        .sort((x, y) => x.partition - y.partition)
        .map(({ high }) => Number(high)),
    );

  const committed = () =>
    admin(async (client) => {
      const [offsets] = await client.fetchOffsets({ groupId, topics: [topic] });
      return offsets.partitions.sort((x, y) => x.partition - y.partition).map(({ offset }) => Number(offset));
    });

  /** Per member, the partitions the group coordinator assigned it, once the group is stable with `size` members. */
  const stableAssignments = () =>
    admin(async (client) => {
      const [group] = (await client.describeGroups([groupId])).groups;
      if (group.state !== "Stable") return undefined;
      return group.members.map(({ memberAssignment }) =>
        (AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment[topic] ?? []).slice().sort(),
      );
    });

  it("a member joining mid-stream and one leaving: every record delivered, again only if uncommitted when its partition moved", async () => {
    await produce(50, 0);
    const firstEnds = await endOffsets();
    const a = newMember();

    // A alone reads part of the topic, from every partition, and acknowledges only its first bundles.
    const perPartition = () => new Set(a.delivered.map(({ partition }) => partition)).size;
    await waitFor(
      async () => {
        await a.poll();
        return a.delivered.length >= 100 && perPartition() === PARTITIONS;
      },
      DEADLINE_MS,
      "the first member did not read 100 records from every partition",
      0,
    );
    await a.driver.acknowledgeBundlesBefore(2);
    const beforeJoin = await committed();
    const deliveredByAAlone = a.delivered.length;

    // B joins; A is not asked for records until it has taken its new assignment.
    const b = newMember();
    let assignments: number[][] | undefined;
    await waitFor(
      async () => {
        await b.poll();
        assignments = await stableAssignments();
        return assignments?.length === 2 && b.partitionsHeld().length > 0;
      },
      DEADLINE_MS,
      "the group did not become stable with two members, the second reading",
      0,
    );
    // The second member's assignment is the one holding a partition it read from.
    const bPartitions = new Set(
      assignments!.find((partitions) => partitions.includes(b.partitionsHeld()[0]))!,
    );
    const kept = [...Array(PARTITIONS).keys()].filter((partition) => !bPartitions.has(partition));
    await waitFor(
      () => a.partitionsHeld().join() === kept.join(),
      DEADLINE_MS,
      `the first member did not drop its revoked partitions (holds ${a.partitionsHeld()}, assigned ${kept})`,
    );

    // Both read on; A acknowledges all it delivers, B nothing: the revoked partitions' commits must stay B's.
    const allRead = (expected: number[]) => {
      const seen = new Set(
        [...a.delivered, ...b.delivered].map(({ partition, offset }) => `${partition}/${offset}`),
      );
      return expected.every((end, partition) =>
        [...Array(end).keys()].every((o) => seen.has(`${partition}/${o}`)),
      );
    };
    await waitFor(
      async () => {
        await a.poll();
        await b.poll();
        return allRead(firstEnds);
      },
      DEADLINE_MS,
      "the two members did not read every record",
      0,
    );
    await a.acknowledgeAll();
    const afterJoin = await committed();
    for (const partition of bPartitions)
      assert.strictEqual(
        afterJoin[partition],
        beforeJoin[partition],
        `partition ${partition} moved to the second member, yet the first committed it (revoked ranges kept)`,
      );

    // A leaves; B takes every partition and reads what is produced next, then acknowledges everything.
    await a.driver.close();
    await produce(10, 50);
    const ends = await endOffsets();
    await waitFor(
      async () => {
        await b.poll();
        return allRead(ends);
      },
      DEADLINE_MS,
      "the remaining member did not read the records produced after the first left",
      0,
    );

    // Exactly once each, except what A delivered of B's partitions past their commit before B joined.
    const expected = new Map<string, number>();
    ends.forEach((end, partition) => {
      for (let offset = 0; offset < end; offset++) expected.set(`${partition}/${offset}`, 1);
    });
    for (const { partition, offset } of a.delivered.slice(0, deliveredByAAlone))
      if (bPartitions.has(partition) && offset >= beforeJoin[partition])
        expected.set(`${partition}/${offset}`, 2);
    const counts = new Map<string, number>();
    for (const { partition, offset } of [...a.delivered, ...b.delivered])
      counts.set(`${partition}/${offset}`, (counts.get(`${partition}/${offset}`) ?? 0) + 1);
    const differences = [...new Set([...expected.keys(), ...counts.keys()])]
      .filter((record) => counts.get(record) !== expected.get(record))
      .map(
        (record) => `${record}: delivered ${counts.get(record) ?? 0}, expected ${expected.get(record) ?? 0}`,
      );
    assert.deepStrictEqual(differences, []);
    await b.acknowledgeAll();
    assert.deepStrictEqual(await committed(), ends);
    // The redeliveries are real: B's partitions had delivered but uncommitted records when B joined.
    assert.ok([...expected.values()].includes(2), "no record was delivered but uncommitted when B joined");
  });
});
