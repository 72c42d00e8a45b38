import type { Clock } from "../clock";
import { PartitionWatermarks, type PartitionWatermarksSnapshot } from "./partition_watermarks";
import { type RecordedElement, recordedElements } from "../../../transforms/io/sources/recorded_file";
import { type WatermarkTimePolicy, watermarkTimeMs } from "../../../transforms/io/sources/watermark_time";
import type { BundleLimits, SourceBundle, SourceDriver, TimestampedElement } from "./source_driver";

interface RecordedFilePosition {
  delivered: number;
  watermarks: PartitionWatermarksSnapshot;
}

/**
 * Replays a recorded inference log (the `file` source). With `replaySpeed` 0
 * lines go as fast as the pipeline takes them; with N > 0 a record stamped t
 * is released at start + (t − t₀) / N on the clock, t₀ being the first record
 * timestamp and start the clock then, so N = 1 replays at the original pace.
 * Lines without a record timestamp are released at once. Watermarks follow the
 * Kafka source's policy per recorded partition, over the spec's event times
 * when given a watermark-time policy; a file of bare bodies has
 * none, so its watermark stays at −∞ until the file ends (+∞).
 */
export class RecordedFileDriver implements SourceDriver {
  private readonly records: Iterator<RecordedElement>;
  private readonly partitions: PartitionWatermarks;
  private heldBack: RecordedElement | undefined;
  private pace: { firstTimestampMs: number; startMs: number } | undefined;
  /** Records delivered so far: where a restart resumes (the file is read again up to there). */
  private delivered = 0;

  constructor(
    file: string,
    private readonly replaySpeed: number,
    private readonly clock: Clock,
    idleTimeoutMs: number,
    private readonly watermarkTime?: WatermarkTimePolicy,
  ) {
    this.records = recordedElements(file, () => clock.nowMs());
    this.partitions = new PartitionWatermarks(idleTimeoutMs);
  }

  async nextBundle({ maxElements, maxWaitMs }: BundleLimits): Promise<SourceBundle> {
    const giveUpMs = this.clock.nowMs() + maxWaitMs;
    let arrivalTimeMs: number | undefined;
    const elements: TimestampedElement[] = [];
    while (elements.length < maxElements) {
      const record = this.heldBack ?? this.records.next().value;
      this.heldBack = undefined;
      if (record === undefined) {
        return {
          elements,
          arrivalTimeMs: arrivalTimeMs ?? this.clock.nowMs(),
          watermarkMs: Infinity,
          exhausted: true,
        };
      }
      const releaseMs = this.releaseTimeMs(record);
      if (releaseMs > this.clock.nowMs()) {
        if (elements.length > 0 || releaseMs > giveUpMs) {
          this.heldBack = record;
          if (elements.length === 0) await this.clock.sleepUntil(giveUpMs);
          break;
        }
        await this.clock.sleepUntil(releaseMs);
      }
      arrivalTimeMs ??= this.clock.nowMs();
      this.observe(record, arrivalTimeMs);
      elements.push({ element: record.element, timestampMs: record.timestampMs });
      this.delivered++;
    }
    const nowMs = this.clock.nowMs();
    return {
      elements,
      arrivalTimeMs: arrivalTimeMs ?? nowMs,
      watermarkMs: this.partitions.watermarkMs(nowMs),
      exhausted: false,
    };
  }

  position(): RecordedFilePosition {
    return { delivered: this.delivered, watermarks: this.partitions.snapshot() };
  }

  /** Skips the records a checkpoint's bundles delivered; the replay's pace restarts at the next one. */
  restorePosition(position: unknown): void {
    const { delivered, watermarks } = position as RecordedFilePosition;
    for (; this.delivered < delivered; this.delivered++) {
      if (this.records.next().done) break;
    }
    this.partitions.restore(watermarks, this.clock.nowMs());
  }

  async close(): Promise<void> {}

  /** A kcat record moves its partition's watermark to its event time (see watermark_time.ts). */
  private observe({ element, timestampMs, partition }: RecordedElement, arrivalTimeMs: number): void {
    if (partition === undefined || "kind" in element) return;
    const timeMs = watermarkTimeMs(element, timestampMs, arrivalTimeMs, this.watermarkTime);
    if (timeMs !== undefined) this.partitions.observe(partition, timeMs, arrivalTimeMs);
  }

  private releaseTimeMs({ timestampMs }: RecordedElement): number {
    if (this.replaySpeed === 0 || timestampMs === undefined) return -Infinity;
    this.pace ??= { firstTimestampMs: timestampMs, startMs: this.clock.nowMs() };
    return this.pace.startMs + (timestampMs - this.pace.firstTimestampMs) / this.replaySpeed;
  }
}
