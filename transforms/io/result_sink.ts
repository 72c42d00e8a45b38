import * as fs from "fs";
import * as path from "path";
import type { Message } from "kafkajs";
import type { ResultKind, SinkSpec } from "../../pipelines/spec/schema";
import { type KafkaConnection, brokerList } from "./kafka/kafka_client";
import { SyncKafkaProducer } from "./kafka/sync_kafka_producer";
import { metricsEndpoint } from "./prometheus/metrics_endpoint";
import type { MonitorResult } from "./results";

/** The file a file sink writes one kind of result to: `<dir>/<kind>.jsonl`. */
export function resultFile(dir: string, kind: ResultKind): string {
  return path.join(dir, `${kind}.jsonl`);
}

/**
 * Makes a file sink's folder and empties its result files, so that a run's
 * output is that run's alone. Called once by the launcher before the job,
 * never by workers (several workers would clobber each other). Workers make
 * a missing folder themselves: on a cluster (an EXTERNAL worker pool) the
 * launcher's filesystem is not theirs.
 */
export function prepareFileSink(dir: string, kinds: readonly ResultKind[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const kind of kinds) fs.writeFileSync(resultFile(dir, kind), "");
}

/** A result's Kafka key: `model/feature`, or `model` for kinds without a feature, so one series stays in order. */
function kafkaKey(result: MonitorResult): string | null {
  const { model, feature } = result as { model?: string; feature?: string };
  if (model === undefined) return null;
  return feature === undefined ? model : `${model}/${feature}`;
}

/** Backoff between attempts to write to a Kafka sink that is down: 0.5 s, doubling, at most 5 s. */
const SINK_RETRY_FIRST_BACKOFF_MS = 500;
const SINK_RETRY_MAX_BACKOFF_MS = 5000;
/** A Kafka sink's `outageDeadline` when the spec leaves it out. */
const DEFAULT_OUTAGE_DEADLINE_MS = 5 * 60_000;

/** Waits without returning to the event loop: the SDK does not await finishBundle (see SyncKafkaProducer). */
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Writes results for every sink in the spec. Results are buffered per bundle
 * and written in finishBundle — appended to files, printed, or produced to
 * Kafka and acknowledged by the brokers — so a bundle's results are written
 * before the runner considers the bundle done (and before the Kafka source
 * commits the offsets they came from). A Kafka write that fails because the
 * brokers are down is retried with backoff until the sink's `outageDeadline`,
 * holding the bundle (backpressure); then, or on any other failure, it throws,
 * which stops the job instead of dropping results.
 * Prometheus sinks update their metrics as each result arrives.
 */
export class WriteResultsDoFn {
  beamName = "writeResults";
  private pendingLines = new Map<string, string[]>();
  /** Per Kafka sink (index in `sinks`), per topic, the bundle's messages. */
  private pendingMessages = new Map<number, Map<string, Message[]>>();
  /** Made on a worker at first use: the DoFn is serialized, and a Map would lose its prototype. */
  private producers: Map<number, SyncKafkaProducer> | undefined;

  constructor(private readonly sinks: SinkSpec[]) {}

  startBundle() {
    this.pendingLines = new Map();
    this.pendingMessages = new Map();
  }

  process(result: MonitorResult) {
    const line = JSON.stringify(result);
    this.sinks.forEach((sink, sinkIndex) => {
      if (sink.kind === "file") this.buffer(resultFile(sink.dir, result.kind), line);
      else if (sink.kind === "stdout" && (!sink.kinds || sink.kinds.includes(result.kind)))
        this.buffer("-", line);
      else if (sink.kind === "kafka" && sink.topics[result.kind] !== undefined)
        this.bufferMessage(sinkIndex, sink.topics[result.kind]!, { key: kafkaKey(result), value: line });
      else if (sink.kind === "prometheus") metricsEndpoint(sink.port).metrics.observe(result);
    });
  }

  finishBundle() {
    for (const [file, lines] of this.pendingLines) {
      const text = lines.join("\n") + "\n";
      if (file === "-") {
        process.stdout.write(text);
      } else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.appendFileSync(file, text);
      }
    }
    this.pendingLines = new Map();
    for (const [sinkIndex, byTopic] of this.pendingMessages) this.produce(sinkIndex, byTopic);
    this.pendingMessages = new Map();
  }

  private produce(sinkIndex: number, byTopic: Map<string, Message[]>) {
    const connection = this.sinks[sinkIndex] as KafkaConnection;
    const brokers = connection.brokers;
    this.producers ??= new Map();
    let producer = this.producers.get(sinkIndex);
    if (producer === undefined) {
      producer = new SyncKafkaProducer(connection);
      this.producers.set(sinkIndex, producer);
    }
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    const outageDeadlineMs =
      (this.sinks[sinkIndex] as { outageDeadline?: number }).outageDeadline ?? DEFAULT_OUTAGE_DEADLINE_MS;
    const failedSinceMs = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        producer.send(topicMessages);
        return;
      } catch (error) {
        this.countSinkError(`kafka#${sinkIndex + 1}`);
        const waitedMs = Date.now() - failedSinceMs;
        const { retriable } = error as { retriable?: boolean };
        if (retriable && waitedMs < outageDeadlineMs) {
          // Backpressure: the bundle does not end, so nothing more is read and no offset is committed.
          blockFor(Math.min(SINK_RETRY_MAX_BACKOFF_MS, SINK_RETRY_FIRST_BACKOFF_MS * 2 ** attempt));
          continue;
        }
        const counts = topicMessages
          .map(({ topic, messages }) => `${messages.length} to ${topic}`)
          .join(", ");
        const outage = retriable ? ` for ${Math.round(waitedMs / 1000)} s (the sink's outageDeadline)` : "";
        throw new Error(
          `Kafka sink ${sinkIndex + 1} (brokers ${brokerList(brokers).join(",")}) could not write ${counts}${outage}: ` +
            `${(error as Error).message}. The job stops so that no result is dropped; check the brokers, the ` +
            `topics and the producer's permissions, then restart (it resumes from its last checkpoint).`,
        );
      }
    }
  }

  /** Counts a failed write on every Prometheus sink of the spec, so a scrape shows why the job stopped. */
  private countSinkError(sink: string) {
    for (const other of this.sinks)
      if (other.kind === "prometheus") metricsEndpoint(other.port).metrics.sinkError(sink);
  }

  private bufferMessage(sinkIndex: number, topic: string, message: Message) {
    let byTopic = this.pendingMessages.get(sinkIndex);
    if (byTopic === undefined) this.pendingMessages.set(sinkIndex, (byTopic = new Map()));
    const messages = byTopic.get(topic);
    if (messages) messages.push(message);
    else byTopic.set(topic, [message]);
  }

  private buffer(file: string, line: string) {
    const lines = this.pendingLines.get(file);
    if (lines) lines.push(line);
    else this.pendingLines.set(file, [line]);
  }
}
