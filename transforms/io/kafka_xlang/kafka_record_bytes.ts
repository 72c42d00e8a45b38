import type { KafkaHeader, KafkaRecord } from "./kafka_record";

/** The bytes do not follow the layout (truncated, or a length past the end): says where. */
export class KafkaRecordBytesError extends Error {}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A record as our Java read writes it (java/kafka-records, KafkaRecordBytes.java, which documents
 * the layout): big-endian integers; bytes as an int32 length (-1: null) and the bytes; text as
 * UTF-8 bytes. topic text, partition int32, offset int64, timestamp int64, timestamp type int32,
 * key bytes, value bytes, header count int32, then per header key text and value bytes.
 * Offsets and timestamps become numbers, exact below 2^53.
 */
export function decodeKafkaRecordBytes(bytes: Uint8Array): KafkaRecord {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let position = 0;
  const need = (n: number, what: string) => {
    if (position + n > bytes.byteLength)
      throw new KafkaRecordBytesError(
        `Kafka record bytes end at ${bytes.byteLength} where ${what} needs ${n} bytes from ${position}`,
      );
  };
  const int32 = (what: string) => {
    need(4, what);
    position += 4;
    return view.getInt32(position - 4);
  };
  const int64 = (what: string) => {
    need(8, what);
    position += 8;
    return Number(view.getBigInt64(position - 8));
  };
  const nullableBytes = (what: string): Uint8Array | null => {
    const length = int32(`${what}'s length`);
    if (length === -1) return null;
    need(length, what);
    position += length;
    return bytes.subarray(position - length, position);
  };
  const text = (what: string): string => {
    const value = nullableBytes(what);
    if (value === null) throw new KafkaRecordBytesError(`Kafka record bytes: ${what} is null`);
    return utf8.decode(value);
  };
  const topic = text("topic");
  const partition = int32("partition");
  const offset = int64("offset");
  const timestamp = int64("timestamp");
  const timestampType = int32("timestamp type");
  const key = nullableBytes("key");
  const value = nullableBytes("value");
  const headers: KafkaHeader[] = [];
  const count = int32("header count");
  for (let i = 0; i < count; i++)
    headers.push({ key: text(`header ${i}'s key`), value: nullableBytes(`header ${i}'s value`) });
  if (position !== bytes.byteLength)
    throw new KafkaRecordBytesError(
      `Kafka record bytes: ${bytes.byteLength - position} bytes left after the record's last header`,
    );
  return { topic, partition, offset, timestamp, timestampType, key, value, headers };
}
