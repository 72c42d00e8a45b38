import { kafkaClient } from "../../transforms/io/kafka/kafka_client";

export interface ReadRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  /** Header values as text. */
  headers: Record<string, string>;
  /** The record timestamp, epoch ms as text (kafkajs' form). */
  timestamp: string;
}

/**
 * Every record of the topics up to their current ends, read by one
 * throwaway consumer group (each group join costs the mock cluster's 3 s
 * initial rebalance delay).
 */
export async function readTopics(brokers: string[], topics: string[]): Promise<ReadRecord[]> {
  const kafka = kafkaClient(brokers, "test-reader");
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  for (const topic of topics) {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
      remaining.set(`${topic}/${partition}`, Number(high));
    }
  }
  await admin.disconnect();
  const records: ReadRecord[] = [];
  const done = () => [...remaining.values()].every((count) => count === 0);
  if (done()) return records;
  const consumer = kafka.consumer({ groupId: `reader-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ topic, partition, message }) => {
          records.push({
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? "",
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
            ),
            timestamp: message.timestamp,
          });
          const id = `${topic}/${partition}`;
          remaining.set(id, (remaining.get(id) ?? 1) - 1);
          if (done()) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return records;
}
