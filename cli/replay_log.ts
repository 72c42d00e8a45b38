import type { Message } from "kafkajs";
import type { KafkaSecuritySpec } from "../pipelines/spec/kafka_security_spec";
import { kafkaClient, unreachableBrokers } from "../transforms/io/kafka/kafka_client";
import { readLines } from "../transforms/io/read_lines";
import { recordedLineEvent } from "../transforms/parse/recorded_log";

export interface ReplayOptions {
  brokers: string | string[];
  /** TLS / SASL; absent: plaintext, no authentication. */
  security?: KafkaSecuritySpec;
  topic: string;
  /** Records per second; undefined: as fast as the brokers take them. */
  ratePerSecond?: number;
  /** Produce requests in flight at once. */
  concurrency: number;
  /** `original`: the recorded timestamp (the request time) as record timestamp; `now`: the send time. */
  timestamps: "original" | "now";
  onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayProgress {
  sent: number;
  /** Records the brokers did not take (after kafkajs' retries). */
  failed: number;
  /** Lines that are not a record (reported, not sent). */
  unreadable: number;
  elapsedMs: number;
  firstError?: string;
}

/** Records per produce request when no rate is set. */
const BATCH_SIZE = 200;

/**
 * Replays a recorded inference log (kcat -C -J lines or bare bodies) into a
 * topic as a KServe logger pipeline writes it: CloudEvents binary mode
 * (headers kept), key = the request id (`ce_id`), record timestamp = the
 * recorded one. Paced at `ratePerSecond`, with at most `concurrency` requests in flight.
 */
export async function replayLog(file: string, options: ReplayOptions): Promise<ReplayProgress> {
  const producer = kafkaClient(
    { brokers: options.brokers, ...options.security },
    "model-monitor-produce",
  ).producer();
  try {
    await producer.connect();
  } catch (error) {
    throw unreachableBrokers(options.brokers, `write topic ${options.topic}`, error);
  }
  const startMs = Date.now();
  const progress: ReplayProgress = { sent: 0, failed: 0, unreadable: 0, elapsedMs: 0 };
  const inFlight = new Set<Promise<void>>();
  const batchSize = options.ratePerSecond === undefined ? BATCH_SIZE : 1;
  let batch: Message[] = [];
  let scheduled = 0;
  const dispatch = async (messages: Message[]) => {
    while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    const sending = producer
      .send({ topic: options.topic, messages, acks: -1 })
      .then(
        () => void (progress.sent += messages.length),
        (error: Error) => {
          progress.failed += messages.length;
          progress.firstError ??= error.message;
        },
      )
      .finally(() => {
        inFlight.delete(sending);
        progress.elapsedMs = Date.now() - startMs;
        options.onProgress?.(progress);
      });
    inFlight.add(sending);
  };
  try {
    for (const { text, line } of readLines(file)) {
      const event = recordedLineEvent(text, { file, line }, Date.now());
      if (event === undefined) continue;
      if ("kind" in event) {
        progress.unreadable++;
        progress.firstError ??= `${file}:${line}: ${event.detail}`;
        continue;
      }
      if (options.ratePerSecond !== undefined) {
        const dueMs = startMs + (scheduled++ * 1000) / options.ratePerSecond;
        if (dueMs > Date.now()) await new Promise((resolve) => setTimeout(resolve, dueMs - Date.now()));
      }
      batch.push({
        key: event.headers["ce_id"] ?? null,
        value: event.value,
        headers: event.headers,
        timestamp:
          options.timestamps === "original" && event.timestampMs !== undefined
            ? String(event.timestampMs)
            : undefined,
      });
      if (batch.length >= batchSize) {
        await dispatch(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await dispatch(batch);
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
  progress.elapsedMs = Date.now() - startMs;
  return progress;
}
