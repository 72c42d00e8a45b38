// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Context, globalRegistry } from "apache-beam/coders/coders";
import { RowCoder } from "apache-beam/coders/row_coder";
import { ExternalConfigurationPayload } from "apache-beam/proto/external_transforms";
import { Schema } from "apache-beam/proto/schema";
import { Reader } from "protobufjs";
import { monitorSpecSchema } from "../../pipelines/spec/schema";
import {
  type KafkaSourceSpec as KafkaSource,
  kafkaConsumerProperties,
} from "../../transforms/io/kafka/kafka_consumer_properties";
import { KafkaSettingsError } from "../../transforms/io/kafka/kafka_security";
import { externalConfigurationPayload } from "../../transforms/io/kafka_xlang/external_configuration";
import { Int64RowCoder } from "../../transforms/io/kafka_xlang/int64_row_coder";
import { type KafkaRecordRow, rawEventOfKafkaRecord } from "../../transforms/io/kafka_xlang/kafka_record_row";
import { kafkaReadConfiguration } from "../../transforms/io/kafka_xlang/read_kafka_with_metadata";
import { readBeamRow } from "./beam_row_reader";
import { KAFKA_RECORD_SCHEMA } from "./fake_expansion_service";

const kafkaSource = (fields: object): KafkaSource => {
  const spec = monitorSpecSchema.parse({
    model: "m",
    features: [{ name: "x", type: "numerical", path: 0 }],
    input: { format: "kserve" },
    source: { kind: "kafka", brokers: ["b1:9092", "b2:9092"], topic: "log", groupId: "g", ...fields },
    window: { size: "15s" },
  });
  return spec.source as KafkaSource;
};

const utf8 = (text: string) => [...Buffer.from(text, "utf8")];

describe("cross-language KafkaIO read: configuration, consumer properties, rows", () => {
  const pemDir = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-pem-"));
  const pem = (name: string) => {
    const file = path.join(pemDir, `${name}.pem`);
    fs.writeFileSync(
      file,
      `-----BEGIN ${name.toUpperCase()}-----\nMIIB\n-----END ${name.toUpperCase()}-----\n`,
    );
    return file;
  };
  beforeEach(() => (process.env.TEST_XLANG_PASSWORD = 'pa"ss\\word'));
  afterEach(() => delete process.env.TEST_XLANG_PASSWORD);

  it("gives Java's consumer the spec's brokers, group, start, session timeout; TLS as inline PEM; SCRAM as JAAS", () => {
    const ca = pem("ca");
    const cert = pem("cert");
    const key = pem("key");
    const source = kafkaSource({
      startFrom: "latest",
      sessionTimeout: "45s",
      ssl: { ca, cert, key, keyPasswordEnv: "TEST_XLANG_PASSWORD" },
      sasl: { mechanism: "scram-sha-512", username: "monitor", passwordEnv: "TEST_XLANG_PASSWORD" },
    });
    assert.deepStrictEqual(kafkaConsumerProperties(source), {
      "bootstrap.servers": "b1:9092,b2:9092",
      "group.id": "g",
      "auto.offset.reset": "latest",
      "session.timeout.ms": "45000",
      "security.protocol": "SASL_SSL",
      "ssl.truststore.type": "PEM",
      "ssl.truststore.certificates": fs.readFileSync(ca, "utf8"),
      "ssl.keystore.type": "PEM",
      "ssl.keystore.certificate.chain": fs.readFileSync(cert, "utf8"),
      "ssl.keystore.key": fs.readFileSync(key, "utf8"),
      "ssl.key.password": 'pa"ss\\word',
      "sasl.mechanism": "SCRAM-SHA-512",
      // JAAS quotes: " and \ escaped with a backslash.
      "sasl.jaas.config":
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="monitor" password="pa\\"ss\\\\word";',
    });
  });

  it("maps plain SASL without TLS to SASL_PLAINTEXT, ssl: true to the JVM's trust store, and nothing to PLAINTEXT", () => {
    const sasl = { mechanism: "plain", username: "u", passwordEnv: "TEST_XLANG_PASSWORD" };
    const plain = kafkaConsumerProperties(kafkaSource({ sasl, allowPlaintextSasl: true }));
    assert.strictEqual(plain["security.protocol"], "SASL_PLAINTEXT");
    assert.strictEqual(plain["sasl.mechanism"], "PLAIN");
    assert.match(
      plain["sasl.jaas.config"],
      /^org\.apache\.kafka\.common\.security\.plain\.PlainLoginModule required/,
    );
    const tls = kafkaConsumerProperties(kafkaSource({ ssl: true }));
    assert.strictEqual(tls["security.protocol"], "SSL");
    assert.deepStrictEqual(
      Object.keys(tls).filter((name) => name.startsWith("ssl.")),
      [],
    );
    assert.strictEqual(kafkaConsumerProperties(kafkaSource({}))["security.protocol"], undefined);
  });

  it("refuses ssl.rejectUnauthorized: false, which Java's client cannot do, saying what to do instead", () => {
    assert.throws(
      () => kafkaConsumerProperties(kafkaSource({ ssl: { rejectUnauthorized: false } })),
      (error: Error) =>
        error instanceof KafkaSettingsError && /give the broker's CA as ssl\.ca/.test(error.message),
    );
  });

  it("encodes the configuration as a schema'd row (map, array, int64) that a spec-following reader decodes", () => {
    const payload = ExternalConfigurationPayload.fromBinary(
      externalConfigurationPayload(kafkaReadConfiguration(kafkaSource({ maxRecords: 300_000 }))),
    );
    assert.deepStrictEqual(
      payload.schema!.fields.map((field) => [field.name, field.type!.typeInfo.oneofKind]),
      [
        ["consumer_config", "mapType"],
        ["topics", "arrayType"],
        ["key_deserializer", "atomicType"],
        ["value_deserializer", "atomicType"],
        ["max_num_records", "atomicType"],
        ["commit_offset_in_finalize", "atomicType"],
        ["timestamp_policy", "atomicType"],
      ],
    );
    const bytes = "org.apache.kafka.common.serialization.ByteArrayDeserializer";
    assert.deepStrictEqual(readBeamRow(payload.schema!, payload.payload), {
      consumer_config: {
        "bootstrap.servers": "b1:9092,b2:9092",
        "group.id": "g",
        "auto.offset.reset": "earliest",
        "session.timeout.ms": "30000",
      },
      topics: ["log"],
      key_deserializer: bytes,
      value_deserializer: bytes,
      max_num_records: 300_000n, // 3 varint bytes: a value past one byte's 7 bits
      commit_offset_in_finalize: true,
      timestamp_policy: "CreateTime",
    });
  });

  it("turns a KafkaIO row into the RawEvent our kafkajs source makes of the same record", () => {
    const row: KafkaRecordRow = {
      topic: "log",
      partition: 3,
      offset: 9_007_199_254_740_991, // 2^53 − 1: offsets are exact as numbers up to here
      timestamp: 1767225603458,
      key: new Uint8Array([1]),
      value: new TextEncoder().encode('{"instances":[[1]]}'),
      headers: [
        { key: "ce_type", value: new TextEncoder().encode("first") },
        { key: "ce_type", value: new TextEncoder().encode("org.kubeflow.serving.inference.request") },
        { key: "ce_empty", value: null },
        { key: "ce_source", value: new TextEncoder().encode("kserve") },
        { key: "ce_source", value: null }, // the last value counts: null, so no header
      ],
      timestampTypeId: 0,
      timestampTypeName: "CreateTime",
    };
    assert.deepStrictEqual(rawEventOfKafkaRecord(row), {
      value: '{"instances":[[1]]}',
      headers: { ce_type: "org.kubeflow.serving.inference.request" },
      timestampMs: 1767225603458,
      origin: { topic: "log", partition: 3, offset: "9007199254740991" },
    });
    // Kafka's "no timestamp" (-1) and a tombstone (null value), as kafka_driver.ts treats them.
    assert.deepStrictEqual(rawEventOfKafkaRecord({ ...row, timestamp: -1, value: null, headers: null }), {
      value: "",
      headers: {},
      origin: { topic: "log", partition: 3, offset: "9007199254740991" },
    });
  });

  // One KafkaIO row as Java's row coder writes it, byte by byte (Beam's standard_coders.yaml, row coder).
  const javaRow = new Uint8Array([
    0x09, // 9 fields
    0x01,
    0x10, // null bitmap: 1 byte, bit 4 set (key is null)
    0x0d,
    ...utf8("inference-log"), // topic
    0x00, // partition 0
    0x95,
    0x25, // offset 4757 = 37·128 + 21: 0x80|21, 37
    0x82,
    0xeb,
    0xea,
    0xb6,
    0xb7,
    0x33, // timestamp 1767225603458 = 0x19B76DAB582, 7 bits a byte, low first
    0x02,
    ...utf8("{}"), // value
    0x00,
    0x00,
    0x00,
    0x02, // headers: 2 (big-endian int32)
    0x02,
    0x00,
    0x05,
    ...utf8("ce_id"),
    0x01,
    ...utf8("a"), // {key: "ce_id", value: "a"}, no nulls
    0x02,
    0x01,
    0x02,
    0x07,
    ...utf8("ce_type"), // {key: "ce_type", value: null}: bitmap bit 1
    0x00, // timestampTypeId 0
    0x0a,
    ...utf8("CreateTime"), // timestampTypeName
  ]);

  it("decodes Java's KafkaIO rows through the registered row coder, INT64 offset and timestamp exact", () => {
    const coder = globalRegistry().getCoder(RowCoder.URN, Schema.toBinary(KAFKA_RECORD_SCHEMA));
    assert.ok(coder instanceof Int64RowCoder);
    const row = coder.decode(Reader.create(javaRow), Context.wholeStream) as KafkaRecordRow;
    assert.deepStrictEqual(rawEventOfKafkaRecord(row), {
      value: "{}",
      headers: { ce_id: "a" },
      timestampMs: 1767225603458,
      origin: { topic: "inference-log", partition: 0, offset: "4757" },
    });
    assert.strictEqual(row.key ?? null, null);
    assert.strictEqual(row.timestampTypeName, "CreateTime");
  });

  it("(why) the SDK's own RowCoder reads INT64 as a 32-bit varint and cannot decode that row", () => {
    const sdkCoder = new RowCoder(KAFKA_RECORD_SCHEMA);
    assert.throws(() => sdkCoder.decode(Reader.create(javaRow), Context.wholeStream));
  });
});
