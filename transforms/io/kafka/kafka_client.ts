import { Kafka, type KafkaConfig, logLevel } from "kafkajs";
import type { KafkaSecuritySpec } from "../../../pipelines/spec/kafka_security_spec";
import { kafkaSecurityConfig, redactSecrets } from "./kafka_security";

/** How long to wait for a broker's TCP connection and for a request's answer before retrying. */
const CONNECTION_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;

/** Where a Kafka cluster is and how to reach it: a spec's Kafka source or sink, or a command's options. */
export interface KafkaConnection extends KafkaSecuritySpec {
  brokers: string | string[];
}

export function brokerList(brokers: string | string[]): string[] {
  return typeof brokers === "string" ? brokers.split(",").map((broker) => broker.trim()) : brokers;
}

/**
 * A kafkajs client with explicit timeouts and a short retry budget, so that
 * an unreachable cluster fails within seconds (kafkajs defaults retry for
 * about half a minute), TLS/SASL from the connection's settings (secrets read
 * from the environment now), and kafkajs' own logging off.
 */
export function kafkaClient(
  connection: KafkaConnection | string | string[],
  clientId: string,
  config: Partial<KafkaConfig> = {},
) {
  const { brokers, ...security } =
    typeof connection === "string" || Array.isArray(connection) ? { brokers: connection } : connection;
  return new Kafka({
    clientId,
    brokers: brokerList(brokers),
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    retry: { initialRetryTime: 200, retries: 3 },
    logLevel: logLevel.NOTHING,
    ...kafkaSecurityConfig(security),
    ...config,
  });
}

/** An error from reaching the cluster, said with what to check (and no secret in it). */
export function unreachableBrokers(brokers: string | string[], what: string, cause: unknown): Error {
  return new Error(
    `cannot reach the Kafka brokers ${brokerList(brokers).join(",")} to ${what}: ` +
      `${redactSecrets(String((cause as Error).message ?? cause))}. Check that the brokers are running and ` +
      `reachable from this machine (host, port, firewall), that the brokers are right, and that TLS/SASL ` +
      `settings match the listener.`,
    { cause },
  );
}
