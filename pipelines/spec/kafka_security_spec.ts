import { z } from "zod";

/** A variable name as shells take it; the spec names where a secret is, never the secret. */
const environmentVariable = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an environment variable name like KAFKA_PASSWORD");

/** Adds a spec problem at `passwordEnv`-like fields whose variable is unset or empty in this process. */
function requireSetVariable(name: string | undefined, field: string, holds: string, ctx: z.RefinementCtx) {
  if (name === undefined || (process.env[name] ?? "") !== "") return;
  ctx.addIssue({
    code: "custom",
    path: [field],
    message: `environment variable ${name} is not set (it should hold the ${holds}); set it before starting the job`,
  });
}

/**
 * TLS to the brokers: `true` trusts the system's certificate authorities;
 * an object adds a CA to trust and, for mutual TLS, a client certificate and
 * key (PEM files; absolute, or relative to the working directory of the
 * process that connects — on Flink, of each worker).
 */
const ssl = z.union(
  [
    z.boolean(),
    z
      .strictObject({
        ca: z.string().min(1).optional(),
        cert: z.string().min(1).optional(),
        key: z.string().min(1).optional(),
        /** The variable holding the passphrase of an encrypted `key`. */
        keyPasswordEnv: environmentVariable.optional(),
        /** false accepts any broker certificate: for try-outs with self-signed certificates only. */
        rejectUnauthorized: z.boolean().default(true),
      })
      .refine((tls) => (tls.cert === undefined) === (tls.key === undefined), {
        message: "a client certificate needs both cert and key",
        path: ["cert"],
      })
      .superRefine((tls, ctx) =>
        requireSetVariable(tls.keyPasswordEnv, "keyPasswordEnv", "key passphrase", ctx),
      ),
  ],
  { error: "expected true, false or {ca, cert, key, keyPasswordEnv, rejectUnauthorized}" },
);

/** SASL authentication (kafkajs' mechanisms without extra plugins); the password comes from the environment. */
const sasl = z
  .strictObject({
    mechanism: z.enum(["plain", "scram-sha-256", "scram-sha-512"]),
    username: z.string().min(1),
    passwordEnv: environmentVariable,
  })
  .superRefine((auth, ctx) => requireSetVariable(auth.passwordEnv, "passwordEnv", "SASL password", ctx));

/**
 * `ssl` and `sasl`, spread into every Kafka source and sink of the spec
 * (which then also check `refusePlaintextSasl`). `allowPlaintextSasl: true`
 * accepts SASL without TLS, for a network the user trusts.
 */
export const kafkaSecurityFields = {
  ssl: ssl.optional(),
  sasl: sasl.optional(),
  allowPlaintextSasl: z.boolean().optional(),
};

/**
 * SASL without TLS sends PLAIN's password in clear text, and with SCRAM still
 * every record and a session anyone on the path can take over: refused
 * unless `allowPlaintextSasl: true` says the user knows.
 */
export function plaintextSaslProblem(security: KafkaSecuritySpec): string | undefined {
  const { ssl, sasl, allowPlaintextSasl } = security;
  if (sasl === undefined || (ssl !== undefined && ssl !== false) || allowPlaintextSasl === true)
    return undefined;
  const exposed = sasl.mechanism === "plain" ? "the password" : "the records and the authenticated session";
  return (
    `SASL ${sasl.mechanism} without TLS exposes ${exposed} to anyone on the network: ` +
    `turn TLS on (ssl, --ssl), or accept it explicitly with allowPlaintextSasl: true (--allow-plaintext-sasl)`
  );
}

/** A spec refinement: the problem of `plaintextSaslProblem`, at `allowPlaintextSasl`. */
export function refusePlaintextSasl(security: KafkaSecuritySpec, ctx: z.RefinementCtx): void {
  const problem = plaintextSaslProblem(security);
  if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["allowPlaintextSasl"], message: problem });
}

export const kafkaSecuritySchema = z.strictObject(kafkaSecurityFields).superRefine(refusePlaintextSasl);
export type KafkaSecuritySpec = z.output<typeof kafkaSecuritySchema>;
export type SslSpec = z.output<typeof ssl>;
export type SaslSpec = z.output<typeof sasl>;
