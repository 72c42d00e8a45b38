import { type Command, Option } from "commander";
import { type KafkaSecuritySpec, kafkaSecuritySchema } from "../pipelines/spec/kafka_security_spec";
import { SpecError } from "../pipelines/spec/load_spec";

export interface KafkaSecurityFlags {
  ssl?: boolean;
  sslCa?: string;
  sslCert?: string;
  sslKey?: string;
  sslKeyPasswordEnv?: string;
  saslMechanism?: string;
  saslUsername?: string;
  saslPasswordEnv?: string;
  allowPlaintextSasl?: boolean;
}

/** The flag that sets each field of a spec's Kafka security settings. */
const FLAG_OF_FIELD: Record<string, string> = {
  ssl: "--ssl",
  "ssl.ca": "--ssl-ca",
  "ssl.cert": "--ssl-cert",
  "ssl.key": "--ssl-key",
  "ssl.keyPasswordEnv": "--ssl-key-password-env",
  sasl: "--sasl-mechanism",
  "sasl.mechanism": "--sasl-mechanism",
  "sasl.username": "--sasl-username",
  "sasl.passwordEnv": "--sasl-password-env",
  allowPlaintextSasl: "--allow-plaintext-sasl",
};

/** The same TLS/SASL settings a spec's Kafka source and sinks take, as flags of a command that writes to Kafka. */
export function addKafkaSecurityOptions(command: Command): Command {
  return command
    .option("--ssl", "connect with TLS, trusting the system's certificate authorities (or --ssl-ca)")
    .option("--ssl-ca <file>", "PEM certificate of an authority to trust (implies --ssl)")
    .option("--ssl-cert <file>", "PEM client certificate for mutual TLS, with --ssl-key (implies --ssl)")
    .option("--ssl-key <file>", "PEM key of the client certificate")
    .option("--ssl-key-password-env <variable>", "environment variable holding the key's passphrase")
    .addOption(
      new Option("--sasl-mechanism <mechanism>", "SASL authentication").choices([
        "plain",
        "scram-sha-256",
        "scram-sha-512",
      ]),
    )
    .option("--sasl-username <name>", "SASL user name")
    .option(
      "--sasl-password-env <variable>",
      "environment variable holding the SASL password (the password itself never goes on a command line)",
    )
    .option(
      "--allow-plaintext-sasl",
      "accept SASL without TLS (refused otherwise: PLAIN sends the password in clear text)",
    );
}

/** The fields whose flags were given, or undefined when none was. */
function given<T>(fields: Record<string, T | undefined>): Record<string, T> | undefined {
  const present = Object.entries(fields).filter((field): field is [string, T] => field[1] !== undefined);
  return present.length === 0 ? undefined : Object.fromEntries(present);
}

/** The flags as spec settings, checked by the spec's own schema; a problem names its flag. */
export function kafkaSecurityOfFlags(flags: KafkaSecurityFlags, command: string): KafkaSecuritySpec {
  const tls = given({
    ca: flags.sslCa,
    cert: flags.sslCert,
    key: flags.sslKey,
    keyPasswordEnv: flags.sslKeyPasswordEnv,
  });
  const sasl = given({
    mechanism: flags.saslMechanism,
    username: flags.saslUsername,
    passwordEnv: flags.saslPasswordEnv,
  });
  const parsed = kafkaSecuritySchema.safeParse(
    given<unknown>({ ssl: tls ?? flags.ssl, sasl, allowPlaintextSasl: flags.allowPlaintextSasl }) ?? {},
  );
  if (parsed.success) return parsed.data;
  throw new SpecError(
    parsed.error.issues.map((issue) => {
      const field = issue.path.join(".");
      return { file: command, fieldPath: FLAG_OF_FIELD[field] ?? field, message: issue.message };
    }),
  );
}
