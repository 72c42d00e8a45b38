import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { kafkaSecurityOfFlags } from "../../cli/kafka_security_options";
import { SpecError, validateSpec } from "../../pipelines/spec/load_spec";
import { unreachableBrokers } from "../../transforms/io/kafka/kafka_client";
import { KafkaSettingsError, kafkaSecurityConfig } from "../../transforms/io/kafka/kafka_security";

const PASSWORD = "s3cr3t-pa55word";

/** A spec reading and writing Kafka with these security settings on both. */
const kafkaSpec = (security: object) => ({
  model: "m",
  features: [{ name: "x", type: "numerical", path: 0 }],
  input: { format: "kserve" },
  source: { kind: "kafka", brokers: "broker:9093", topic: "log", groupId: "g", ...security },
  window: { size: "15s" },
  sinks: [{ kind: "kafka", brokers: "broker:9093", topics: { statistics: "stats" }, ...security }],
});

const specProblems = (document: unknown): string[] => {
  try {
    validateSpec(document, "monitor.yaml", "/specs");
  } catch (error) {
    assert.ok(error instanceof SpecError, `expected a SpecError, got ${error}`);
    return error.message.split("\n");
  }
  assert.fail("the spec was accepted");
};

describe("Kafka TLS and SASL settings (no secured broker here: the mapping onto kafkajs)", () => {
  const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kafka-tls-")), "ca.pem");
  fs.writeFileSync(caFile, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
  beforeEach(() => {
    process.env.TEST_KAFKA_PASSWORD = PASSWORD;
    delete process.env.TEST_UNSET_PASSWORD;
  });
  afterEach(() => delete process.env.TEST_KAFKA_PASSWORD);

  it("maps the spec onto kafkajs' ssl and sasl options, reading the password from the named variable", () => {
    const sasl = { mechanism: "scram-sha-512", username: "monitor", passwordEnv: "TEST_KAFKA_PASSWORD" };
    const spec = validateSpec(kafkaSpec({ ssl: { ca: caFile }, sasl }), "monitor.yaml", "/specs");
    if (spec.source.kind !== "kafka") assert.fail("not a Kafka source");
    assert.deepStrictEqual(kafkaSecurityConfig(spec.source), {
      ssl: { rejectUnauthorized: true, ca: [fs.readFileSync(caFile)] },
      sasl: { mechanism: "scram-sha-512", username: "monitor", password: PASSWORD },
    });
    // The spec, which travels with the pipeline to workers, names the variable only.
    assert.ok(!JSON.stringify(spec).includes(PASSWORD));
    assert.ok(JSON.stringify(spec.sinks[0]).includes('"passwordEnv":"TEST_KAFKA_PASSWORD"'));
  });

  it("maps ssl: true, plain and scram-sha-256, and no settings at all", () => {
    for (const mechanism of ["plain", "scram-sha-256"] as const) {
      assert.deepStrictEqual(
        kafkaSecurityConfig({
          ssl: true,
          sasl: { mechanism, username: "u", passwordEnv: "TEST_KAFKA_PASSWORD" },
        }),
        { ssl: true, sasl: { mechanism, username: "u", password: PASSWORD } },
      );
    }
    assert.deepStrictEqual(kafkaSecurityConfig({}), {});
    assert.deepStrictEqual(kafkaSecurityConfig({ ssl: false }), {});
  });

  it("an unset password variable is a spec problem naming the field and the variable, for source and sinks", () => {
    const sasl = { mechanism: "plain", username: "u", passwordEnv: "TEST_UNSET_PASSWORD" };
    const tls = { ssl: true };
    const because = "environment variable TEST_UNSET_PASSWORD is not set (it should hold the SASL password)";
    assert.deepStrictEqual(specProblems(kafkaSpec({ ...tls, sasl })), [
      `monitor.yaml: source.sasl.passwordEnv: ${because}; set it before starting the job`,
      `monitor.yaml: sinks[0].sasl.passwordEnv: ${because}; set it before starting the job`,
    ]);
    assert.deepStrictEqual(specProblems(kafkaSpec({ ssl: { cert: caFile } })), [
      "monitor.yaml: source.ssl.cert: a client certificate needs both cert and key",
      "monitor.yaml: sinks[0].ssl.cert: a client certificate needs both cert and key",
    ]);
    const mechanism = 'Invalid option: expected one of "plain"|"scram-sha-256"|"scram-sha-512"';
    const ssl = "expected true, false or {ca, cert, key, keyPasswordEnv, rejectUnauthorized}";
    assert.deepStrictEqual(specProblems(kafkaSpec({ ssl: "yes", sasl: { ...sasl, mechanism: "gssapi" } })), [
      `monitor.yaml: source.ssl: ${ssl}`,
      `monitor.yaml: source.sasl.mechanism: ${mechanism}`,
      `monitor.yaml: sinks[0].ssl: ${ssl}`,
      `monitor.yaml: sinks[0].sasl.mechanism: ${mechanism}`,
    ]);
  });

  it("a variable unset where the connection is made (a worker) or an unreadable file stops with the field named", () => {
    assert.throws(
      () =>
        kafkaSecurityConfig({
          ssl: true,
          sasl: { mechanism: "plain", username: "u", passwordEnv: "TEST_UNSET_PASSWORD" },
        }),
      (error: Error) =>
        error instanceof KafkaSettingsError &&
        error.retriable === false &&
        error.message ===
          "Kafka setting sasl.passwordEnv: environment variable TEST_UNSET_PASSWORD is not set in this process " +
            "(on Flink, set it on every worker too)",
    );
    assert.throws(
      () => kafkaSecurityConfig({ ssl: { ca: "/no/such/ca.pem", rejectUnauthorized: true } }),
      /^Error: Kafka setting ssl\.ca: cannot read \/no\/such\/ca\.pem: ENOENT/,
    );
  });

  it("redacts a secret that has been read from every Kafka error message", () => {
    kafkaSecurityConfig({
      ssl: true,
      sasl: { mechanism: "plain", username: "u", passwordEnv: "TEST_KAFKA_PASSWORD" },
    });
    const error = unreachableBrokers(
      "broker:9093",
      "read topic log",
      new Error(`auth failed for ${PASSWORD}`),
    );
    assert.match(error.message, /: auth failed for \*\*\*\. Check that/);
    assert.ok(!error.message.includes(PASSWORD));
  });

  it("takes the same settings as command flags; a problem names its flag", () => {
    assert.deepStrictEqual(
      kafkaSecurityOfFlags(
        {
          sslCa: caFile,
          saslMechanism: "scram-sha-256",
          saslUsername: "u",
          saslPasswordEnv: "TEST_KAFKA_PASSWORD",
        },
        "model-monitor logger",
      ),
      {
        ssl: { ca: caFile, rejectUnauthorized: true },
        sasl: { mechanism: "scram-sha-256", username: "u", passwordEnv: "TEST_KAFKA_PASSWORD" },
      },
    );
    assert.deepStrictEqual(kafkaSecurityOfFlags({ ssl: true }, "model-monitor produce"), { ssl: true });
    assert.throws(
      () =>
        kafkaSecurityOfFlags(
          { ssl: true, saslMechanism: "plain", saslUsername: "u", saslPasswordEnv: "TEST_UNSET_PASSWORD" },
          "model-monitor logger",
        ),
      (error: Error) =>
        error instanceof SpecError &&
        error.message ===
          "model-monitor logger: --sasl-password-env: environment variable TEST_UNSET_PASSWORD is not set " +
            "(it should hold the SASL password); set it before starting the job",
    );
  });

  it("refuses SASL without TLS, naming allowPlaintextSasl, unless it is set to true (spec, flags, connection)", () => {
    const because = (mechanism: string, exposed: string) =>
      `SASL ${mechanism} without TLS exposes ${exposed} to anyone on the network: turn TLS on (ssl, --ssl), ` +
      "or accept it explicitly with allowPlaintextSasl: true (--allow-plaintext-sasl)";
    const plain = { mechanism: "plain" as const, username: "u", passwordEnv: "TEST_KAFKA_PASSWORD" };
    const scram = { ...plain, mechanism: "scram-sha-512" };
    assert.deepStrictEqual(specProblems(kafkaSpec({ sasl: plain })), [
      `monitor.yaml: source.allowPlaintextSasl: ${because("plain", "the password")}`,
      `monitor.yaml: sinks[0].allowPlaintextSasl: ${because("plain", "the password")}`,
    ]);
    const session = "the records and the authenticated session";
    assert.deepStrictEqual(specProblems(kafkaSpec({ ssl: false, sasl: scram })), [
      `monitor.yaml: source.allowPlaintextSasl: ${because("scram-sha-512", session)}`,
      `monitor.yaml: sinks[0].allowPlaintextSasl: ${because("scram-sha-512", session)}`,
    ]);
    const allowed = validateSpec(
      kafkaSpec({ sasl: plain, allowPlaintextSasl: true }),
      "monitor.yaml",
      "/specs",
    );
    assert.deepStrictEqual(allowed.source.kind === "kafka" && allowed.source.allowPlaintextSasl, true);
    assert.doesNotThrow(() => validateSpec(kafkaSpec({ ssl: true, sasl: plain }), "monitor.yaml", "/specs"));
    assert.throws(
      () =>
        kafkaSecurityOfFlags(
          { saslMechanism: "plain", saslUsername: "u", saslPasswordEnv: "TEST_KAFKA_PASSWORD" },
          "model-monitor produce",
        ),
      (error: Error) =>
        error instanceof SpecError &&
        error.message ===
          `model-monitor produce: --allow-plaintext-sasl: ${because("plain", "the password")}`,
    );
    const flags = { saslMechanism: "plain", saslUsername: "u", saslPasswordEnv: "TEST_KAFKA_PASSWORD" };
    assert.deepStrictEqual(
      kafkaSecurityOfFlags({ ...flags, allowPlaintextSasl: true }, "model-monitor logger"),
      {
        sasl: plain,
        allowPlaintextSasl: true,
      },
    );
    assert.throws(
      () => kafkaSecurityConfig({ sasl: plain }),
      (error: Error) =>
        error instanceof KafkaSettingsError &&
        error.message === `Kafka setting sasl: ${because("plain", "the password")}`,
    );
    assert.deepStrictEqual(kafkaSecurityConfig({ sasl: plain, allowPlaintextSasl: true }), {
      sasl: { mechanism: "plain", username: "u", password: PASSWORD },
    });
  });
});
