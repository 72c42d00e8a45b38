import { kafkaClient } from "../../transforms/io/kafka/kafka_client";

/**
 * The record timestamp (epoch ms; here the request's send time) of every record of a topic up to its
 * current end, read by a throwaway consumer group. Keyed by partition and offset: a rebalance while
 * reading may deliver a record twice.
 */
export async function recordTimestamps(brokers: string[], topic: string): Promise<Float64Array> {
  const kafka = kafkaClient(brokers, "latency-bench-reader");
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  await admin.disconnect();
  const total = [...ends.values()].reduce((a, b) => a + b, 0);
  const timestamps = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `latency-bench-reader-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            timestamps.set(`${batch.partition}/${message.offset}`, Number(message.timestamp));
          }
          if (timestamps.size >= total) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return Float64Array.from(timestamps.values());
}
