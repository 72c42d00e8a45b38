import type { Producer, TopicMessages } from "kafkajs";
import { type MessagePort, workerData } from "worker_threads";
import { type KafkaConnection, kafkaClient } from "./kafka_client";
import { redactSecrets } from "./kafka_security";
import type { ProduceReply, ProduceRequest } from "./sync_kafka_producer";

/**
 * The thread behind SyncKafkaProducer: owns a kafkajs producer, sends each
 * request's batch (kafkajs retries retriable errors with backoff), posts the
 * outcome, then wakes the waiting caller through the request's shared signal.
 */
const { connection, port } = workerData as { connection: KafkaConnection; port: MessagePort };
let producer: Producer | undefined;
let connected: Promise<void> | undefined;

/**
 * Errors of brokers that are down or unreachable, worth waiting out: kafkajs gives up after its
 * retries with KafkaJSNumberOfRetriesExceeded (marked not retriable, though its cause was), or
 * reports the connection. Protocol errors kafkajs does not retry (authorization, a missing
 * topic) are not outages.
 */
const OUTAGE_ERRORS = new Set([
  "KafkaJSNumberOfRetriesExceeded",
  "KafkaJSConnectionError",
  "KafkaJSConnectionClosedError",
  "KafkaJSRequestTimeoutError",
  "KafkaJSBrokerNotFound",
  "KafkaJSTimeout",
]);

function isOutage(error: unknown): boolean {
  const { name, retriable } = error as { name?: string; retriable?: boolean };
  return retriable === true || OUTAGE_ERRORS.has(name ?? "");
}

port.on("message", async ({ signal, topicMessages }: ProduceRequest & { topicMessages: TopicMessages[] }) => {
  let reply: ProduceReply;
  try {
    // Made at first use, so that a settings error (an unset secret variable) is the caller's answer.
    producer ??= kafkaClient(connection, "model-monitor-sink").producer({
      retry: { initialRetryTime: 100, retries: 8 },
    });
    connected ??= producer.connect();
    await connected;
    await producer.sendBatch({ topicMessages, acks: -1 });
    reply = { ok: true };
  } catch (error) {
    connected = undefined;
    const { message } = error as { message: string };
    reply = { ok: false, message: redactSecrets(message), retriable: isOutage(error) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
