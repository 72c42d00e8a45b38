import type { KafkaConfig } from "kafkajs";
import type { ConnectionOptions } from "tls";
import type { SourceSpec } from "../../../pipelines/spec/schema";
import { brokerList } from "./kafka_client";
import { KafkaSettingsError, kafkaSecurityConfig } from "./kafka_security";

export type KafkaSourceSpec = Extract<SourceSpec, { kind: "kafka" }>;

/** The JAAS login module of each SASL mechanism the spec offers, and its name in Java's `sasl.mechanism`. */
const SASL_MECHANISMS: Record<string, { javaName: string; loginModule: string }> = {
  plain: { javaName: "PLAIN", loginModule: "org.apache.kafka.common.security.plain.PlainLoginModule" },
  "scram-sha-256": {
    javaName: "SCRAM-SHA-256",
    loginModule: "org.apache.kafka.common.security.scram.ScramLoginModule",
  },
  "scram-sha-512": {
    javaName: "SCRAM-SHA-512",
    loginModule: "org.apache.kafka.common.security.scram.ScramLoginModule",
  },
};

/** A JAAS option value: a quoted string in which `\` and `"` are escaped. */
const jaasQuoted = (text: string): string => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

const pemText = (pem: string | Buffer | (string | Buffer)[]): string =>
  (Array.isArray(pem) ? pem : [pem]).map((part) => part.toString()).join("\n");

/**
 * The Java Kafka consumer properties of a spec's Kafka source, for KafkaIO on
 * Flink: the same brokers, group, start position and session timeout as our
 * kafkajs consumer, and the TLS/SASL settings kafkajs gets from
 * `kafkaSecurityConfig` (secrets read from the environment and PEM files read
 * here, on the submitting machine) in Java's form: PEM inline
 * (`ssl.truststore.certificates`, `ssl.keystore.key`, Kafka clients 2.7+) and
 * SASL as a JAAS line. The secrets therefore travel in the submitted pipeline.
 */
export function kafkaConsumerProperties(spec: KafkaSourceSpec): Record<string, string> {
  const properties: Record<string, string> = {
    "bootstrap.servers": brokerList(spec.brokers).join(","),
    "group.id": spec.groupId,
    "auto.offset.reset": spec.startFrom,
    "session.timeout.ms": String(spec.sessionTimeout),
  };
  const { ssl, sasl } = kafkaSecurityConfig(spec);
  if (ssl !== undefined) Object.assign(properties, javaTlsProperties(ssl));
  if (sasl !== undefined) Object.assign(properties, javaSaslProperties(sasl));
  const protocol = sasl === undefined ? "SSL" : ssl === undefined ? "SASL_PLAINTEXT" : "SASL_SSL";
  if (ssl !== undefined || sasl !== undefined) properties["security.protocol"] = protocol;
  return properties;
}

function javaTlsProperties(ssl: NonNullable<KafkaConfig["ssl"]>): Record<string, string> {
  if (ssl === true) return {}; // the JVM's default trust store
  const tls = ssl as ConnectionOptions;
  if (tls.rejectUnauthorized === false)
    throw new KafkaSettingsError(
      "Kafka setting ssl.rejectUnauthorized: false has no equivalent in Java's Kafka client (KafkaIO on Flink); " +
        "give the broker's CA as ssl.ca instead",
    );
  const properties: Record<string, string> = {};
  if (tls.ca !== undefined) {
    properties["ssl.truststore.type"] = "PEM";
    properties["ssl.truststore.certificates"] = pemText(tls.ca);
  }
  if (tls.cert !== undefined && tls.key !== undefined) {
    properties["ssl.keystore.type"] = "PEM";
    properties["ssl.keystore.certificate.chain"] = pemText(tls.cert);
    properties["ssl.keystore.key"] = pemText(tls.key as string | Buffer);
    if (tls.passphrase !== undefined) properties["ssl.key.password"] = tls.passphrase;
  }
  return properties;
}

function javaSaslProperties(sasl: NonNullable<KafkaConfig["sasl"]>): Record<string, string> {
  const { mechanism, username, password } = sasl as { mechanism: string; username: string; password: string };
  const { javaName, loginModule } = SASL_MECHANISMS[mechanism];
  return {
    "sasl.mechanism": javaName,
    "sasl.jaas.config": `${loginModule} required username=${jaasQuoted(username)} password=${jaasQuoted(password)};`,
  };
}
