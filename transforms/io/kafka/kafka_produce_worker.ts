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
    const { message, retriable } = error as { message: string; retriable?: boolean };
    reply = { ok: false, message: redactSecrets(message), retriable: retriable === true };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
