import type { TopicMessages } from "kafkajs";
import { type MessagePort, workerData } from "worker_threads";
import { kafkaClient } from "./kafka_client";
import type { ProduceReply, ProduceRequest } from "./sync_kafka_producer";

/**
 * The thread behind SyncKafkaProducer: owns a kafkajs producer, sends each
 * request's batch (kafkajs retries retriable errors with backoff), posts the
 * outcome, then wakes the waiting caller through the request's shared signal.
 */
const { brokers, port } = workerData as { brokers: string | string[]; port: MessagePort };
const producer = kafkaClient(brokers, "model-monitor-sink").producer({
  retry: { initialRetryTime: 100, retries: 8 },
});
let connected: Promise<void> | undefined;

port.on("message", async ({ signal, topicMessages }: ProduceRequest & { topicMessages: TopicMessages[] }) => {
  let reply: ProduceReply;
  try {
    connected ??= producer.connect();
    await connected;
    await producer.sendBatch({ topicMessages, acks: -1 });
    reply = { ok: true };
  } catch (error) {
    connected = undefined;
    const { message, retriable } = error as { message: string; retriable?: boolean };
    reply = { ok: false, message, retriable: retriable === true };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
