import * as fs from "fs";
import type { KafkaConfig, SASLOptions } from "kafkajs";
import type { ConnectionOptions } from "tls";
import {
  type KafkaSecuritySpec,
  type SslSpec,
  plaintextSaslProblem,
} from "../../../pipelines/spec/kafka_security_spec";

/** A Kafka setting that cannot work as given (unset variable, unreadable file): fix the setting, do not retry. */
export class KafkaSettingsError extends Error {
  readonly retriable = false;
}

/** Secrets read from the environment in this thread, blanked out of every message `redactSecrets` sees. */
const secretsInUse = new Set<string>();

/** `text` with every secret this thread has read replaced by `***`. */
export function redactSecrets(text: string): string {
  let redacted = text;
  for (const secret of secretsInUse) redacted = redacted.split(secret).join("***");
  return redacted;
}

function secretFromEnvironment(variable: string, field: string): string {
  const secret = process.env[variable] ?? "";
  if (secret === "") {
    throw new KafkaSettingsError(
      `Kafka setting ${field}: environment variable ${variable} is not set in this process ` +
        `(on Flink, set it on every worker too)`,
    );
  }
  secretsInUse.add(secret);
  return secret;
}

function pemFile(file: string, field: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new KafkaSettingsError(`Kafka setting ${field}: cannot read ${file}: ${(error as Error).message}`);
  }
}

function tlsOptions(ssl: Exclude<SslSpec, boolean>): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: ssl.rejectUnauthorized };
  if (ssl.ca !== undefined) options.ca = [pemFile(ssl.ca, "ssl.ca")];
  if (ssl.cert !== undefined) options.cert = pemFile(ssl.cert, "ssl.cert");
  if (ssl.key !== undefined) options.key = pemFile(ssl.key, "ssl.key");
  if (ssl.keyPasswordEnv !== undefined)
    options.passphrase = secretFromEnvironment(ssl.keyPasswordEnv, "ssl.keyPasswordEnv");
  return options;
}

/**
 * kafkajs' `ssl` and `sasl` options for a spec's security settings. Secrets
 * are read from their environment variables here, at connection time, so
 * the spec (which travels with the pipeline to workers) holds only their names.
 * SASL without TLS is refused here too (see plaintextSaslProblem), whatever
 * built the settings.
 */
export function kafkaSecurityConfig(security: KafkaSecuritySpec): Pick<KafkaConfig, "ssl" | "sasl"> {
  const { ssl, sasl } = security;
  const plaintextSasl = plaintextSaslProblem(security);
  if (plaintextSasl !== undefined) throw new KafkaSettingsError(`Kafka setting sasl: ${plaintextSasl}`);
  const config: Pick<KafkaConfig, "ssl" | "sasl"> = {};
  if (ssl === true) config.ssl = true;
  else if (ssl !== undefined && ssl !== false) config.ssl = tlsOptions(ssl);
  if (sasl !== undefined) {
    const password = secretFromEnvironment(sasl.passwordEnv, "sasl.passwordEnv");
    // kafkajs types each mechanism apart; the three share this shape.
    config.sasl = { mechanism: sasl.mechanism, username: sasl.username, password } as SASLOptions;
  }
  return config;
}
