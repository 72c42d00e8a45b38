interface PartitionProgress {
  /** The largest record timestamp seen in the partition (−∞ before its first record). */
  maxTimestampMs: number;
  /** Processing time of the partition's last record, or of its registration. */
  lastActiveMs: number;
}

/** PartitionWatermarks in a checkpoint: each partition's largest timestamp, and the watermark reported. */
export interface PartitionWatermarksSnapshot {
  maxTimestampsMs: Record<string, number>;
  reportedMs: number;
}

/**
 * The watermark of a partitioned source, with the policy of Beam KafkaIO's
 * `CreateTime` timestamp policy as the Flink runner uses it (maximum delay
 * zero), so that a spec means the same thing on both runners:
 *
 * - a partition's watermark is the largest record timestamp seen in it;
 * - a partition idle for `idleTimeoutMs` of processing time advances to the
 *   clock's time, max(largest timestamp, now), as KafkaIO moves a caught-up
 *   partition to wall time, so it stops holding the others back;
 * - the source watermark is the minimum over its partitions (−∞ with none);
 * - it never moves backwards, even when an idle partition wakes up behind it.
 *
 * Bounded out-of-orderness is not set here: the spec's watermark delay is
 * realised in the windowing (see transforms/windowing/spec_windowing.ts).
 */
export class PartitionWatermarks {
  private readonly partitions = new Map<string, PartitionProgress>();
  private reportedMs = -Infinity;

  constructor(private readonly idleTimeoutMs: number) {}

  /** Makes a partition known before its first record (a Kafka assignment), so that it holds the watermark. */
  addPartition(partition: string, nowMs: number): void {
    if (!this.partitions.has(partition)) {
      this.partitions.set(partition, { maxTimestampMs: -Infinity, lastActiveMs: nowMs });
    }
  }

  /**
   * Forgets a partition (a Kafka partition revoked in a rebalance) so that it no longer holds the
   * watermark. The reported watermark stays monotone; if the partition comes back, it is added
   * again and holds from then on (records of it behind the watermark are then late, as on Flink).
   */
  removePartition(partition: string): void {
    this.partitions.delete(partition);
  }

  observe(partition: string, timestampMs: number, nowMs: number): void {
    const progress = this.partitions.get(partition);
    if (progress === undefined) {
      this.partitions.set(partition, { maxTimestampMs: timestampMs, lastActiveMs: nowMs });
    } else {
      progress.maxTimestampMs = Math.max(progress.maxTimestampMs, timestampMs);
      progress.lastActiveMs = nowMs;
    }
  }

  snapshot(): PartitionWatermarksSnapshot {
    const maxTimestampsMs: Record<string, number> = {};
    for (const [partition, { maxTimestampMs }] of this.partitions)
      maxTimestampsMs[partition] = maxTimestampMs;
    return { maxTimestampsMs, reportedMs: this.reportedMs };
  }

  /** Resumes a checkpoint's watermarks; idleness is counted afresh from `nowMs`. */
  restore(snapshot: PartitionWatermarksSnapshot, nowMs: number): void {
    for (const [partition, maxTimestampMs] of Object.entries(snapshot.maxTimestampsMs))
      this.partitions.set(partition, { maxTimestampMs, lastActiveMs: nowMs });
    this.reportedMs = snapshot.reportedMs;
  }

  watermarkMs(nowMs: number): number {
    let minimumMs = Infinity;
    for (const { maxTimestampMs, lastActiveMs } of this.partitions.values()) {
      const idle = nowMs - lastActiveMs >= this.idleTimeoutMs;
      minimumMs = Math.min(minimumMs, idle ? Math.max(maxTimestampMs, nowMs) : maxTimestampMs);
    }
    if (this.partitions.size > 0) this.reportedMs = Math.max(this.reportedMs, minimumMs);
    return this.reportedMs;
  }
}
