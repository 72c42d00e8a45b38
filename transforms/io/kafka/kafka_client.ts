import { Kafka, type KafkaConfig, logLevel } from "kafkajs";

/** How long to wait for a broker's TCP connection and for a request's answer before retrying. */
const CONNECTION_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;

export function brokerList(brokers: string | string[]): string[] {
  return typeof brokers === "string" ? brokers.split(",").map((broker) => broker.trim()) : brokers;
}

/**
 * A kafkajs client with explicit timeouts and a short retry budget, so that
 * an unreachable cluster fails within seconds (kafkajs defaults retry for
 * about half a minute) and kafkajs' own logging kept to errors.
 */
export function kafkaClient(brokers: string | string[], clientId: string, config: Partial<KafkaConfig> = {}) {
  return new Kafka({
    clientId,
    brokers: brokerList(brokers),
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    retry: { initialRetryTime: 200, retries: 3 },
    logLevel: logLevel.NOTHING,
    ...config,
  });
}

/** An error from reaching the cluster, said with what to check. */
export function unreachableBrokers(brokers: string | string[], what: string, cause: unknown): Error {
  return new Error(
    `cannot reach the Kafka brokers ${brokerList(brokers).join(",")} to ${what}: ` +
      `${(cause as Error).message ?? cause}. Check that the brokers are running and reachable from this ` +
      `machine (host, port, firewall) and that the spec's brokers are right.`,
    { cause },
  );
}
