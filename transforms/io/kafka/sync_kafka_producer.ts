import type { TopicMessages } from "kafkajs";
import * as path from "path";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "worker_threads";
import type { KafkaConnection } from "./kafka_client";

export interface ProduceRequest {
  signal: Int32Array;
  topicMessages: TopicMessages[];
}

export type ProduceReply = { ok: true } | { ok: false; message: string; retriable: boolean };

/** Longest a bundle waits for Kafka to acknowledge its results (kafkajs retries within it). */
const ACKNOWLEDGE_TIMEOUT_MS = 60_000;

/**
 * A Kafka producer whose `send` returns only once the brokers acknowledged
 * the batch (acks = all), or throws. The SDK calls a DoFn's finishBundle
 * without awaiting it, so a sink that must have written a bundle's results
 * before the bundle completes has to block: the producer lives on a worker
 * thread and the caller waits on a shared-memory signal (Atomics.wait).
 */
export class SyncKafkaProducer {
  private readonly worker: Worker;
  private readonly port: MessagePort;

  /** The connection travels to the thread as names only: it reads secrets from the environment itself. */
  constructor(readonly connection: KafkaConnection) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.worker = new Worker(path.join(__dirname, "kafka_produce_worker.js"), {
      workerData: { connection, port: channel.port2 },
      transferList: [channel.port2],
    });
    // An idle sink must not keep the process alive after the job.
    this.worker.unref();
    this.port.unref();
  }

  send(topicMessages: TopicMessages[]): void {
    const signal = new Int32Array(new SharedArrayBuffer(4));
    this.port.postMessage({ signal, topicMessages } satisfies ProduceRequest);
    if (Atomics.wait(signal, 0, 0, ACKNOWLEDGE_TIMEOUT_MS) === "timed-out") {
      throw new Error(`Kafka did not acknowledge the results within ${ACKNOWLEDGE_TIMEOUT_MS / 1000} s`);
    }
    const reply = receiveMessageOnPort(this.port)?.message as ProduceReply | undefined;
    if (reply === undefined) throw new Error("the Kafka producer thread gave no answer");
    if (!reply.ok) {
      const failure = new Error(`${reply.message}${reply.retriable ? " (still failing after retries)" : ""}`);
      throw Object.assign(failure, { retriable: reply.retriable });
    }
  }
}
