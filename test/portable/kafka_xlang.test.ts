// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ExternalConfigurationPayload } from "apache-beam/proto/external_transforms";
import { monitorSpecSchema } from "../../pipelines/spec/schema";
import {
  type KafkaSourceSpec as KafkaSource,
  kafkaConsumerProperties,
} from "../../transforms/io/kafka/kafka_consumer_properties";
import { KafkaSettingsError } from "../../transforms/io/kafka/kafka_security";
import { externalConfigurationPayload } from "../../transforms/io/kafka_xlang/external_configuration";
import { type KafkaRecord, rawEventOfKafkaRecord } from "../../transforms/io/kafka_xlang/kafka_record";
import { kafkaReadConfiguration } from "../../transforms/io/kafka_xlang/read_kafka_records";
import { readBeamRow } from "./beam_row_reader";

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

describe("cross-language Kafka read: configuration, consumer properties, records", () => {
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
        ["max_num_records", "atomicType"],
      ],
    );
    assert.deepStrictEqual(readBeamRow(payload.schema!, payload.payload), {
      consumer_config: {
        "bootstrap.servers": "b1:9092,b2:9092",
        "group.id": "g",
        "auto.offset.reset": "earliest",
        "session.timeout.ms": "30000",
      },
      topics: ["log"],
      max_num_records: 300_000n, // 3 varint bytes: a value past one byte's 7 bits
    });
  });

  it("turns a record into the RawEvent our kafkajs source makes of the same record", () => {
    const record: KafkaRecord = {
      topic: "log",
      partition: 3,
      offset: 9_007_199_254_740_991, // 2^53 − 1: offsets are exact as numbers up to here
      timestamp: 1767225603458,
      timestampType: 0,
      key: new Uint8Array([1]),
      value: new TextEncoder().encode('{"instances":[[1]]}'),
      headers: [
        { key: "ce_type", value: new TextEncoder().encode("first") },
        { key: "ce_type", value: new TextEncoder().encode("org.kubeflow.serving.inference.request") },
        { key: "ce_empty", value: null },
        { key: "ce_source", value: new TextEncoder().encode("kserve") },
        { key: "ce_source", value: null }, // the last value counts: null, so no header
      ],
    };
    assert.deepStrictEqual(rawEventOfKafkaRecord(record), {
      value: '{"instances":[[1]]}',
      headers: { ce_type: "org.kubeflow.serving.inference.request" },
      timestampMs: 1767225603458,
      origin: { topic: "log", partition: 3, offset: "9007199254740991" },
    });
    // Kafka's "no timestamp" (-1) and a tombstone (null value), as kafka_driver.ts treats them.
    assert.deepStrictEqual(rawEventOfKafkaRecord({ ...record, timestamp: -1, value: null, headers: [] }), {
      value: "",
      headers: {},
      origin: { topic: "log", partition: 3, offset: "9007199254740991" },
    });
  });
});
