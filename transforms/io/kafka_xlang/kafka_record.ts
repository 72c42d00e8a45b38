import type { RawEvent } from "../../parse/raw_event";

/** A Kafka record header in KafkaIO's row (Java's KafkaIO.KafkaHeader). */
export interface KafkaHeaderRow {
  key: string;
  value?: Uint8Array | null;
}

/**
 * A record as Beam's cross-language KafkaIO read with metadata
 * (`kafka_read_with_metadata`) emits it: Java's `KafkaIO.ByteArrayKafkaRecord`
 * as a Beam row. Absent key, value or headers are null (or undefined, as the
 * TypeScript row coder decodes a null field).
 */
export interface KafkaRecordRow {
  topic: string;
  partition: number;
  offset: number;
  /** Epoch ms; -1 when the record has none. */
  timestamp: number;
  key?: Uint8Array | null;
  value?: Uint8Array | null;
  headers?: KafkaHeaderRow[] | null;
  /** Kafka's TimestampType: -1 NO_TIMESTAMP_TYPE, 0 CreateTime, 1 LogAppendTime. */
  timestampTypeId: number;
  timestampTypeName: string;
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
export function rawEventOfKafkaRecord(row: KafkaRecordRow): RawEvent {
  const headers: Record<string, string> = {};
  for (const header of row.headers ?? []) {
    if (header.value == null) delete headers[header.key];
    else headers[header.key] = utf8.decode(header.value);
  }
  const event: RawEvent = {
    value: row.value == null ? "" : utf8.decode(row.value),
    headers,
    origin: { topic: row.topic, partition: row.partition, offset: String(row.offset) },
  };
  if (row.timestamp >= 0) event.timestampMs = row.timestamp;
  return event;
}
