import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  KafkaRecordBytesError,
  decodeKafkaRecordBytes,
} from "../../transforms/io/kafka_xlang/kafka_record_bytes";
import type { KafkaRecord } from "../../transforms/io/kafka_xlang/kafka_record";
import { runJavaTestMain } from "../support/java_kafka_records";
import { kafkaRecordBytes } from "./recorded_kafka_record";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The records WriteRecordBytesFixture.java writes (java/kafka-records/src/test), as stated there. */
const WRITTEN_BY_JAVA: KafkaRecord[] = [
  {
    topic: "flights-inference",
    partition: 2,
    offset: 1_099_511_627_781, // 2^40 + 5
    timestamp: 1_767_225_600_123,
    timestampType: 0, // CreateTime
    key: utf8("key-1"),
    value: utf8('{"délai": 12.5}'),
    headers: [
      { key: "ce-type", value: utf8("inference") },
      { key: "ce-id", value: utf8("first") },
      { key: "ce-id", value: utf8("second") },
      { key: "gone", value: utf8("x") },
      { key: "gone", value: null },
      { key: "empty", value: new Uint8Array() },
    ],
  },
  {
    topic: "t",
    partition: 0,
    offset: 0,
    timestamp: -1,
    timestampType: -1,
    key: null,
    value: null,
    headers: [],
  },
  {
    topic: "t",
    partition: 7,
    offset: 42,
    timestamp: 1_000,
    timestampType: 1, // LogAppendTime
    key: new Uint8Array(),
    value: new Uint8Array(),
    headers: [],
  },
];

/** The int32-length-prefixed records of a fixture file. */
function framed(file: string): Uint8Array[] {
  const bytes = fs.readFileSync(file);
  const records: Uint8Array[] = [];
  for (let position = 0; position < bytes.length;) {
    const length = bytes.readInt32BE(position);
    records.push(new Uint8Array(bytes.subarray(position + 4, position + 4 + length)));
    position += 4 + length;
  }
  return records;
}

describe("Kafka record bytes: the layout our Java read writes, decoded in TypeScript", function () {
  this.timeout(180_000); // a first run builds java/kafka-records with Maven
  let written: Uint8Array[];
  before(() => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kafka-record-bytes-")), "records.bin");
    runJavaTestMain("beammodelmonitor.kafka.WriteRecordBytesFixture", file);
    written = framed(file);
  });

  it("decodes each record Java's KafkaRecordBytes wrote: nulls, empty bytes, repeated headers, offsets past 2^32, UTF-8", () => {
    assert.strictEqual(written.length, WRITTEN_BY_JAVA.length);
    written.forEach((bytes, index) =>
      assert.deepStrictEqual(decodeKafkaRecordBytes(bytes), WRITTEN_BY_JAVA[index]),
    );
  });

  it("(test support) the records' bytes as the other tests' stand-in sources write them equal Java's", () => {
    assert.deepStrictEqual(WRITTEN_BY_JAVA.map(kafkaRecordBytes), written);
  });

  it("refuses truncated bytes and trailing bytes, saying where", () => {
    const first = written[0];
    assert.throws(
      () => decodeKafkaRecordBytes(first.subarray(0, first.length - 3)),
      (error: Error) =>
        error instanceof KafkaRecordBytesError &&
        new RegExp(`^Kafka record bytes end at ${first.length - 3} where header 5's value`).test(
          error.message,
        ),
    );
    assert.throws(
      () => decodeKafkaRecordBytes(new Uint8Array([...written[1], 0])),
      /1 bytes left after the record's last header/,
    );
  });
});
