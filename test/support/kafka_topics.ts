import type { KafkaMessage } from "kafkajs";
import { kafkaClient } from "../../transforms/io/kafka/kafka_client";
import { uniqueName } from "./unique_name";

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

/** One partition being read: its records by offset, and where it ends. */
interface PartitionRead<T> {
  /** The high watermark when reading began: the offset after the last record to read. */
  endOffset: bigint;
  byOffset: Map<bigint, T>;
  /** The largest offset seen + 1 (the log start offset before any record is seen). */
  reachedOffset: bigint;
}

/**
 * What a reader has seen of some partitions, up to their high watermarks at the start. A record
 * delivered again (after a rebalance the consumer resumes at its last committed offset) replaces
 * its first delivery, so each (partition, offset) counts once; the read is complete when every
 * partition has reached its end offset, however many records that took.
 */
export class TopicReadProgress<T> {
  private readonly partitions = new Map<string, PartitionRead<T>>();

  constructor(ranges: { topic: string; partition: number; startOffset: string; endOffset: string }[]) {
    for (const { topic, partition, startOffset, endOffset } of ranges) {
      this.partitions.set(`${topic}/${partition}`, {
        endOffset: BigInt(endOffset),
        byOffset: new Map(),
        reachedOffset: BigInt(startOffset),
      });
    }
  }

  /** Takes a delivered record; records past the end offsets (written after reading began) are left out. */
  add(topic: string, partition: number, offset: string, record: T): void {
    const read = this.partitions.get(`${topic}/${partition}`);
    const position = BigInt(offset);
    if (read === undefined || position >= read.endOffset) return;
    read.byOffset.set(position, record);
    if (position + 1n > read.reachedOffset) read.reachedOffset = position + 1n;
  }

  complete(): boolean {
    return [...this.partitions.values()].every((read) => read.reachedOffset >= read.endOffset);
  }

  /** The records, each once, by topic and partition in the order given, then by offset. */
  records(): T[] {
    return [...this.partitions.values()].flatMap((read) =>
      [...read.byOffset].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((entry) => entry[1]),
    );
  }
}

/**
 * Every record of the topics from their log start up to their high watermarks when the read
 * begins, each (partition, offset) once, read by one throwaway consumer group of a unique name
 * (on librdkafka's mock cluster each group join costs its 3 s initial rebalance delay).
 */
export function readTopics(brokers: string[], topics: string[]): Promise<ReadRecord[]> {
  return readTopicRecords(brokers, topics, readRecord);
}

/**
 * readTopics keeping only what `project` takes of each record, so that reading a large topic
 * need not hold every value.
 */
export async function readTopicRecords<T>(
  brokers: string[],
  topics: string[],
  project: (record: KafkaRecordView) => T,
): Promise<T[]> {
  const kafka = kafkaClient(brokers, "test-reader");
  const admin = kafka.admin();
  await admin.connect();
  const ranges: ConstructorParameters<typeof TopicReadProgress>[0] = [];
  try {
    for (const topic of topics) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        ranges.push({ topic, partition, startOffset: low, endOffset: high });
      }
    }
  } finally {
    await admin.disconnect();
  }
  const progress = new TopicReadProgress<T>(ranges);
  if (progress.complete()) return progress.records();
  const consumer = kafka.consumer({ groupId: uniqueName("reader"), maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              const view = { topic: batch.topic, partition: batch.partition, message };
              progress.add(batch.topic, batch.partition, message.offset, project(view));
            }
            if (progress.complete()) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return progress.records();
}

/** A record as kafkajs delivers it, for a projection that needs only part of it. */
export interface KafkaRecordView {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

function readRecord({ topic, partition, message }: KafkaRecordView): ReadRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: message.value?.toString() ?? "",
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
    ),
    timestamp: message.timestamp,
  };
}
