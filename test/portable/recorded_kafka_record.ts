import type { LineOrigin } from "../../transforms/parse/recorded_log";
import type { RawEvent } from "../../transforms/parse/raw_event";
import type { KafkaRecord } from "../../transforms/io/kafka_xlang/kafka_record";

/**
 * A record in the layout our Java read writes (KafkaRecordBytes.java), for
 * test sources standing in for it; checked byte for byte against Java's own
 * encoding in kafka_record_bytes.test.ts.
 */
export function kafkaRecordBytes(record: KafkaRecord): Uint8Array {
  const parts: Buffer[] = [];
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    parts.push(b);
  };
  const int64 = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(n));
    parts.push(b);
  };
  const bytes = (value: Uint8Array | null) => {
    int32(value === null ? -1 : value.length);
    if (value !== null) parts.push(Buffer.from(value));
  };
  const utf8 = (text: string) => bytes(Buffer.from(text, "utf8"));
  utf8(record.topic);
  int32(record.partition);
  int64(record.offset);
  int64(record.timestamp);
  int32(record.timestampType);
  bytes(record.key);
  bytes(record.value);
  int32(record.headers.length);
  for (const header of record.headers) {
    utf8(header.key);
    bytes(header.value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * The bytes our Java read gives for a record of the flights recording (kcat
 * -C -J of one partition, checked by the caller: line n is offset n − 1 of
 * partition 0, no key), rebuilt from the event our file source reads from
 * that line: value and headers as UTF-8, the record timestamp as CreateTime.
 */
export function kafkaRecordBytesOfRecordedEvent(event: RawEvent, topic: string): Uint8Array {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  return kafkaRecordBytes({
    topic,
    partition: 0,
    offset: (event.origin as LineOrigin).line - 1,
    timestamp: event.timestampMs ?? -1,
    timestampType: 0,
    key: null,
    value: utf8(event.value),
    headers: Object.entries(event.headers).map((header) => ({ key: header[0], value: utf8(header[1]) })),
  });
}
