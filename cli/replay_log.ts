import { type ICustomPartitioner, type Message, Partitioners } from "kafkajs";
import type { KafkaSecuritySpec } from "../pipelines/spec/kafka_security_spec";
import { kafkaClient, unreachableBrokers } from "../transforms/io/kafka/kafka_client";
import { isOverlong, overlongDetail, readLines } from "../transforms/io/read_lines";
import { recordedLineEvent } from "../transforms/parse/recorded_log";
import { eventTimeMs } from "../transforms/parse/event_time";
import { expectParseProblem } from "../transforms/parse/dead_letter";
import type { RawEvent } from "../transforms/parse/raw_event";

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
  /**
   * A field path in each JSON body (dots for nesting) whose time — epoch ms or ISO 8601, as the
   * spec's `input.eventTime` reads it — becomes the record timestamp, so that a topic of plain
   * events carries its event time in the record (overrides `timestamps`).
   */
  eventTimePath?: string;
  onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayProgress {
  sent: number;
  /** Records the brokers did not take (after kafkajs' retries). */
  failed: number;
  /** Lines that are not a record (reported, not sent). */
  unreadable: number;
  /** With `eventTimePath`: records whose body has no time there, sent with the send time (reported). */
  unstamped: number;
  elapsedMs: number;
  firstError?: string;
}

/**
 * Records per produce request: without a rate, every request; with one, at most (a producer behind its
 * schedule sends what is due in several requests, so no partition gets one huge batch).
 */
const RECORDS_PER_REQUEST = 200;
/**
 * At a set rate, the records that fell due since the last send leave together, at most once per tick:
 * one timer and one produce request per tick. A request per record costs the producer ~60 µs of CPU
 * (15,000 records/s at most on a core) and stores one-record batches, and librdkafka's mock cluster
 * returns one stored batch per partition per fetch, so consumers would fetch a record at a time. With
 * `timestamps: "now"` a record's timestamp is its send time, at most a tick after it fell due.
 */
const PACING_TICK_MS = 10;

/** How many of the records offered at `ratePerSecond` since `startMs` are due at `nowMs` (the first at once). */
export function recordsDue(ratePerSecond: number, startMs: number, nowMs: number): number {
  return Math.floor(((nowMs - startMs) * ratePerSecond) / 1000) + 1;
}

/**
 * Replays a recorded inference log (kcat -C -J lines or bare bodies) into a
 * topic as a KServe logger pipeline writes it: CloudEvents binary mode
 * (headers kept), key = the request id (`ce_id`), record timestamp = the
 * recorded one. Paced at `ratePerSecond` (the records due at each tick in
 * one produce request), with at most `concurrency` requests in flight.
 */
export async function replayLog(file: string, options: ReplayOptions): Promise<ReplayProgress> {
  const requestOfKeyless = new WeakMap<Message, number>();
  const producer = kafkaClient(
    { brokers: options.brokers, ...options.security },
    "model-monitor-produce",
  ).producer({
    createPartitioner: stickyPartitioner(requestOfKeyless),
  });
  try {
    await producer.connect();
  } catch (error) {
    throw unreachableBrokers(options.brokers, `write topic ${options.topic}`, error);
  }
  const startMs = Date.now();
  const progress: ReplayProgress = { sent: 0, failed: 0, unreadable: 0, unstamped: 0, elapsedMs: 0 };
  const inFlight = new Set<Promise<void>>();
  let requests = 0;
  const dispatch = async (messages: Message[]) => {
    while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    for (const message of messages) if (message.key === null) requestOfKeyless.set(message, requests);
    requests++;
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
  const rate = options.ratePerSecond;
  try {
    const records = messages(file, options, progress);
    let queued = 0;
    for (let next = records.next(); !next.done;) {
      if (rate !== undefined) {
        const waitMs = startMs + (queued * 1000) / rate - Date.now();
        if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.max(waitMs, PACING_TICK_MS)));
      }
      const due = Math.min(
        queued + RECORDS_PER_REQUEST,
        rate === undefined ? Infinity : recordsDue(rate, startMs, Date.now()),
      );
      const batch: Message[] = [];
      for (; !next.done && queued < due; next = records.next(), queued++) batch.push(next.value);
      if (batch.length > 0) await dispatch(batch);
    }
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
  progress.elapsedMs = Date.now() - startMs;
  return progress;
}

/**
 * Kafka's sticky partitioning of records without a key (KIP-480; the Java producer's default since 2.4):
 * the keyless records of one produce request (`requestOf`) all go to one partition, the next request's
 * to the next one. Keyed records (CloudEvents: the request id) keep the default key hash. Stored batches
 * stay whole, which matters on librdkafka's mock cluster: it returns one stored batch per partition per
 * fetch, so a request spread over every partition would have consumers fetch a few records at a time.
 */
function stickyPartitioner(requestOf: WeakMap<Message, number>): ICustomPartitioner {
  return () => {
    const byKey = Partitioners.DefaultPartitioner();
    return (args) => {
      const request = requestOf.get(args.message);
      if (request === undefined) return byKey(args);
      const available = args.partitionMetadata.filter((partition) => partition.leader >= 0);
      const candidates = available.length > 0 ? available : args.partitionMetadata;
      return candidates[request % candidates.length].partitionId;
    };
  };
}

/** The log's records as Kafka messages; lines that are not a record are counted in `progress`. */
function* messages(
  file: string,
  { timestamps, eventTimePath }: Pick<ReplayOptions, "timestamps" | "eventTimePath">,
  progress: ReplayProgress,
): Generator<Message> {
  for (const numbered of readLines(file)) {
    const event = isOverlong(numbered)
      ? { kind: "deadletter", detail: overlongDetail(numbered) }
      : recordedLineEvent(numbered.text, { file, line: numbered.line }, Date.now());
    if (event === undefined) continue;
    if ("kind" in event) {
      progress.unreadable++;
      progress.firstError ??= `${file}:${numbered.line}: ${event.detail}`;
      continue;
    }
    let timestampMs = timestamps === "original" ? event.timestampMs : undefined;
    if (eventTimePath !== undefined) {
      timestampMs = bodyEventTimeMs(event, eventTimePath);
      if (timestampMs === undefined) {
        progress.unstamped++;
        progress.firstError ??= `${file}:${numbered.line}: no event time at "${eventTimePath}"; sent with the send time`;
      }
    }
    yield {
      key: event.headers["ce_id"] ?? null,
      value: event.value,
      headers: event.headers,
      timestamp: timestampMs === undefined ? undefined : String(timestampMs),
    };
  }
}

/** The time at `path` in the event's JSON body, or undefined when there is none (or no JSON body). */
function bodyEventTimeMs(event: RawEvent, path: string): number | undefined {
  let body: unknown;
  try {
    body = JSON.parse(event.value);
    return eventTimeMs(path, { timeScope: body });
  } catch (error) {
    if (body !== undefined) expectParseProblem(error); // anything but a missing or bad time is a bug
    return undefined;
  }
}
