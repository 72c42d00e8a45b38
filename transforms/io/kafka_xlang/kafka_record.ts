import type { RawEvent } from "../../parse/raw_event";

/** A Kafka record header; a header may have a null value. */
export interface KafkaHeader {
  key: string;
  value: Uint8Array | null;
}

/** A Kafka record as our Java read emits it (java/kafka-records, decoded by kafka_record_bytes.ts). */
export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: number;
  /** Epoch ms; -1 when the record has none. */
  timestamp: number;
  /** Kafka's TimestampType id: -1 none, 0 CreateTime, 1 LogAppendTime. */
  timestampType: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  /** In the record's order, repeated keys kept. */
  headers: KafkaHeader[];
}

const utf8 = new TextDecoder();

/**
 * The RawEvent our direct runner's kafkajs source makes of the same record
 * (kafka_driver.ts), so parsing and everything after it is the same code on
 * both runners: the value as UTF-8 text (a null value as ""), headers as text
 * with a repeated header keeping its last value and a header whose last
 * value is null left out, the record timestamp unless Kafka's "none" (-1), and the record's
 * topic, partition and offset as its origin.
 */
export function rawEventOfKafkaRecord(record: KafkaRecord): RawEvent {
  const headers: Record<string, string> = {};
  for (const header of record.headers) {
    if (header.value === null) delete headers[header.key];
    else headers[header.key] = utf8.decode(header.value);
  }
  const event: RawEvent = {
    value: record.value === null ? "" : utf8.decode(record.value),
    headers,
    origin: { topic: record.topic, partition: record.partition, offset: String(record.offset) },
  };
  if (record.timestamp >= 0) event.timestampMs = record.timestamp;
  return event;
}
