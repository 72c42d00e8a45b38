import type { Consumer, IHeaders, KafkaMessage } from "kafkajs";
import type { SourceSpec } from "../../../pipelines/spec/schema";
import { kafkaClient, unreachableBrokers } from "../../../transforms/io/kafka/kafka_client";
import type { RawEvent } from "../../../transforms/parse/raw_event";
import type { MarkedSourceSpec } from "../../../transforms/io/source_urn";
import { watermarkTimeMs } from "../../../transforms/io/sources/watermark_time";
import type { Clock } from "../clock";
import { PartitionWatermarks, type PartitionWatermarksSnapshot } from "./partition_watermarks";
import type { BundleLimits, SourceBundle, SourceDriver, TimestampedElement } from "./source_driver";

export type KafkaSourceSpec = Extract<SourceSpec, { kind: "kafka" }> &
  Pick<MarkedSourceSpec, "watermarkTime">;

/** Records fetched but not yet delivered; past this many the consumer pauses until the pipeline catches up. */
const BUFFERED_RECORDS_HIGH_WATER = 10_000;

interface FetchedRecord {
  partition: number;
  offset: string;
  event: RawEvent;
}

/** A partition's records delivered in one bundle: committing the offset after `lastOffset` acknowledges them and all before. */
interface DeliveredRange {
  bundleIndex: number;
  lastOffset: string;
}

/** Where a checkpoint leaves the Kafka source: per partition the offset to read next, and the watermarks. */
interface KafkaPosition {
  nextOffsets: Record<string, string>;
  watermarks: PartitionWatermarksSnapshot;
  deliveredCount: number;
}

/** The offset after a record's: where reading resumes, what a commit names. Per partition and use, not per record. */
const offsetAfter = (offset: string): string => (BigInt(offset) + 1n).toString();

/**
 * The `kafka` source for the event-time direct runner: a kafkajs consumer in
 * the spec's consumer group, each record a RawEvent (value as text, headers as
 * strings — CloudEvents binary mode — and the record timestamp as event time).
 *
 * - Watermarks per assigned partition (PartitionWatermarks, KafkaIO's
 *   CreateTime policy) over the record timestamps, or over the parsed event
 *   times when the spec takes them from a field (watermark_time.ts); a time
 *   beyond the clock + `input.maxFutureSkew` moves none. A revoked partition
 *   stops holding it.
 * - kafkajs pushes batches (eachBatch); they wait in a buffer that
 *   `nextBundle` drains, and the consumer pauses while the buffer is full.
 * - Offsets are committed only when the runner acknowledges the bundles that
 *   delivered them (no window or pushback still holds their data and the
 *   sinks have flushed), so a restart re-reads whatever may not be in the
 *   output yet: at-least-once.
 * - Bounded modes: `maxRecords`, and `untilIdle` (no record for that long
 *   while partitions are assigned).
 */
export class KafkaSourceDriver implements SourceDriver {
  private readonly consumer: Consumer;
  private readonly watermarks: PartitionWatermarks;
  private started: Promise<void> | undefined;
  private fetched: FetchedRecord[] = [];
  private paused = false;
  private failure: Error | undefined;
  private wakeUp: (() => void) | undefined;
  private assigned = new Set<number>();
  /** Per partition, the offset of the last record handed to the pipeline (fetching resumes after it). */
  private readonly lastDeliveredOffset = new Map<number, string>();
  private readonly partitionNames = new Map<number, string>();
  /** Per partition, the broker's high watermark (the offset after its last record) at the latest fetch. */
  private readonly highWatermarks = new Map<number, string>();
  private readonly unacknowledged = new Map<number, DeliveredRange[]>();
  private bundleIndex = -1;
  private deliveredCount = 0;
  /**
   * Processing time of the last assignment, record delivered, or request for records after a bundle that
   * delivered some: the start of an idle spell (undefined before any assignment).
   */
  private activeAtMs: number | undefined;
  private deliveredInLastBundle = false;
  private commits: Promise<void> = Promise.resolve();

  constructor(
    private readonly spec: KafkaSourceSpec,
    private readonly clock: Clock,
    idleTimeoutMs: number,
    private readonly log: (line: string) => void,
  ) {
    this.watermarks = new PartitionWatermarks(idleTimeoutMs);
    this.consumer = kafkaClient(spec, "model-monitor-source").consumer({
      groupId: spec.groupId,
      sessionTimeout: spec.sessionTimeout,
      heartbeatInterval: Math.max(100, Math.floor(spec.sessionTimeout / 3)),
      maxWaitTimeInMs: 200,
      retry: { retries: 5 },
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) =>
      this.assign(payload.memberAssignment[spec.topic] ?? []),
    );
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart)
        this.fail(new Error(`Kafka consumer of ${spec.topic} stopped: ${payload.error.message}`));
    });
  }

  async nextBundle({ maxElements, maxWaitMs }: BundleLimits): Promise<SourceBundle> {
    this.bundleIndex++;
    this.started ??= this.start();
    await this.started;
    // Time the pipeline spent on the last bundle (a sink waiting out a broker outage, say) is not time
    // without records: the idle spell starts once the source is asked again.
    if (this.deliveredInLastBundle) this.activeAtMs = this.clock.nowMs();
    if (this.fetched.length === 0 && !this.idleLongEnough()) await this.dataOrTimeout(maxWaitMs);
    if (this.failure) throw this.failure;
    const nowMs = this.clock.nowMs();
    const room = Math.min(maxElements, (this.spec.maxRecords ?? Infinity) - this.deliveredCount);
    const taken = this.fetched.splice(0, room);
    const elements: TimestampedElement[] = taken.map((record) => this.deliver(record, nowMs));
    this.deliveredInLastBundle = elements.length > 0;
    if (this.paused && this.fetched.length < BUFFERED_RECORDS_HIGH_WATER / 2) {
      this.consumer.resume([{ topic: this.spec.topic }]);
      this.paused = false;
    }
    const exhausted = this.deliveredCount === this.spec.maxRecords || this.idleLongEnough();
    return {
      elements,
      arrivalTimeMs: nowMs,
      watermarkMs: exhausted ? Infinity : this.watermarks.watermarkMs(nowMs),
      exhausted,
    };
  }

  /** Commits, per partition, the offset after the last record delivered before `bundleIndex`. */
  async acknowledgeBundlesBefore(bundleIndex: number): Promise<void> {
    const offsets: { topic: string; partition: number; offset: string }[] = [];
    for (const [partition, ranges] of this.unacknowledged) {
      let lastOffset: string | undefined;
      while (ranges.length > 0 && ranges[0].bundleIndex < bundleIndex)
        lastOffset = ranges.shift()!.lastOffset;
      if (lastOffset !== undefined)
        offsets.push({ topic: this.spec.topic, partition, offset: offsetAfter(lastOffset) });
    }
    await this.commit(offsets);
  }

  private async commit(offsets: { topic: string; partition: number; offset: string }[]): Promise<void> {
    if (offsets.length === 0) return;
    this.commits = this.commits.then(() =>
      this.consumer.commitOffsets(offsets).catch((error: Error) =>
        // A later commit covers these offsets; a restart before it re-reads them (at-least-once).
        this.log(
          `Kafka offsets of ${this.spec.topic} not committed (${error.message}); a later commit covers them`,
        ),
      ),
    );
    await this.commits;
  }

  position(): KafkaPosition {
    const nextOffsets: Record<string, string> = {};
    for (const [partition, offset] of this.lastDeliveredOffset) nextOffsets[partition] = offsetAfter(offset);
    return { nextOffsets, watermarks: this.watermarks.snapshot(), deliveredCount: this.deliveredCount };
  }

  /** Reading resumes at the checkpoint's offsets: an assigned partition is moved there (see assign). */
  restorePosition(position: unknown): void {
    const { nextOffsets, watermarks, deliveredCount } = position as KafkaPosition;
    for (const [partition, offset] of Object.entries(nextOffsets))
      this.lastDeliveredOffset.set(Number(partition), (BigInt(offset) - 1n).toString());
    this.watermarks.restore(watermarks, this.clock.nowMs());
    this.deliveredCount = deliveredCount;
  }

  /** Commits a checkpoint's offsets, so that consumer lag and a run without the state start there. */
  async commitPosition(position: unknown): Promise<void> {
    const offsets = Object.entries((position as KafkaPosition).nextOffsets).map(([partition, offset]) => ({
      topic: this.spec.topic,
      partition: Number(partition),
      offset,
    }));
    this.unacknowledged.clear(); // the checkpoint's offsets cover every bundle delivered so far
    await this.commit(offsets);
  }

  async close(): Promise<void> {
    await this.commits;
    await this.consumer.disconnect();
  }

  backlog(): Record<string, number> {
    const lag: Record<string, number> = {};
    for (const partition of this.assigned) {
      const highWatermark = this.highWatermarks.get(partition);
      const last = this.lastDeliveredOffset.get(partition);
      if (highWatermark === undefined || last === undefined) continue;
      lag[this.partitionName(partition)] = Math.max(0, Number(BigInt(highWatermark) - BigInt(last) - 1n));
    }
    return lag;
  }

  private async start(): Promise<void> {
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({
        topic: this.spec.topic,
        fromBeginning: this.spec.startFrom === "earliest",
      });
    } catch (error) {
      await this.consumer.disconnect().catch(() => {});
      throw unreachableBrokers(this.spec.brokers, `read topic ${this.spec.topic}`, error);
    }
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, isStale }) => {
        if (isStale() || !this.assigned.has(batch.partition)) return;
        this.highWatermarks.set(batch.partition, batch.highWatermark);
        for (const message of batch.messages) this.fetched.push(this.fetchedRecord(batch.partition, message));
        if (this.fetched.length >= BUFFERED_RECORDS_HIGH_WATER && !this.paused) {
          this.consumer.pause([{ topic: this.spec.topic }]);
          this.paused = true;
        }
        this.wakeUp?.();
      },
    });
  }

  /**
   * A rebalance's new assignment. Revoked partitions stop holding the watermark and their
   * delivered records stay uncommitted, so their new owner re-reads them (at-least-once).
   * kafkajs restarts every assigned partition at its committed offset: records fetched but not
   * delivered are dropped (they come again), and a kept partition is moved on to where delivery
   * stopped, else its delivered but uncommitted records would be counted twice.
   */
  private assign(partitions: number[]): void {
    const nowMs = this.clock.nowMs();
    const kept = new Set(partitions);
    for (const partition of this.assigned) {
      if (kept.has(partition)) continue;
      this.watermarks.removePartition(this.partitionName(partition));
      this.unacknowledged.delete(partition);
      this.lastDeliveredOffset.delete(partition);
      this.highWatermarks.delete(partition);
    }
    this.fetched = [];
    for (const partition of partitions) {
      this.watermarks.addPartition(this.partitionName(partition), nowMs);
      const last = this.lastDeliveredOffset.get(partition);
      if (last !== undefined)
        this.consumer.seek({ topic: this.spec.topic, partition, offset: offsetAfter(last) });
    }
    this.assigned = kept;
    this.activeAtMs = nowMs;
  }

  private deliver(record: FetchedRecord, nowMs: number): TimestampedElement {
    const { partition, offset, event } = record;
    this.deliveredCount++;
    this.activeAtMs = nowMs;
    const timeMs = watermarkTimeMs(event, event.timestampMs, nowMs, this.spec.watermarkTime);
    if (timeMs !== undefined) this.watermarks.observe(this.partitionName(partition), timeMs, nowMs);
    this.lastDeliveredOffset.set(partition, offset);
    const ranges = this.unacknowledged.get(partition) ?? [];
    if (ranges.length > 0 && ranges[ranges.length - 1].bundleIndex === this.bundleIndex) {
      ranges[ranges.length - 1].lastOffset = offset;
    } else {
      ranges.push({ bundleIndex: this.bundleIndex, lastOffset: offset });
    }
    this.unacknowledged.set(partition, ranges);
    return { element: event, timestampMs: event.timestampMs };
  }

  private fetchedRecord(partition: number, message: KafkaMessage): FetchedRecord {
    const timestampMs = Number(message.timestamp);
    return {
      partition,
      offset: message.offset,
      event: {
        value: message.value?.toString("utf8") ?? "",
        headers: headerStrings(message.headers),
        // Kafka marks a record without a timestamp with -1.
        timestampMs: Number.isFinite(timestampMs) && timestampMs >= 0 ? timestampMs : undefined,
        origin: { topic: this.spec.topic, partition, offset: message.offset },
      },
    };
  }

  private idleLongEnough(): boolean {
    const untilIdleMs = this.spec.untilIdle;
    if (untilIdleMs === undefined || this.activeAtMs === undefined || this.fetched.length > 0) return false;
    return this.clock.nowMs() - this.activeAtMs >= untilIdleMs;
  }

  private dataOrTimeout(maxWaitMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.wakeUp = done;
    }).finally(() => (this.wakeUp = undefined));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wakeUp?.();
  }

  /** `topic/partition`, the watermarks' and the backlog's name for a partition; made once, used per record. */
  private partitionName(partition: number): string {
    let name = this.partitionNames.get(partition);
    if (name === undefined) this.partitionNames.set(partition, (name = `${this.spec.topic}/${partition}`));
    return name;
  }
}

/** Kafka header values as text; a header repeated in one record keeps its last value. */
function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last != null) strings[name] = last.toString(); // a null value (no value) leaves the header out
  }
  return strings;
}
