import type { TimestampedElement } from "../../../transforms/io/sources/timestamped_element";

export type { TimestampedElement };

/** What a source delivers for one bundle. */
export interface SourceBundle {
  elements: TimestampedElement[];
  /** Processing time at which the elements arrived (a testStream reads its clock before the line that ends the bundle). */
  arrivalTimeMs: number;
  /** The source watermark once these elements are in: never behind the previous one, +∞ once exhausted. */
  watermarkMs: number;
  /** True once the source has nothing more to deliver, ever. */
  exhausted: boolean;
}

export interface BundleLimits {
  maxElements: number;
  /** How long a live source may wait for data before returning a (possibly empty) bundle, so timers still fire. */
  maxWaitMs: number;
}

/**
 * A source as the runner drives it, bundle after bundle. Partitioned sources
 * (Kafka) track per-partition watermarks with PartitionWatermarks.
 */
export interface SourceDriver {
  /** Called once per runner bundle (0, 1, 2, …) until the source is exhausted. */
  nextBundle(limits: BundleLimits): Promise<SourceBundle>;
  /**
   * Records the source holds that have not been delivered yet, per partition
   * (Kafka consumer lag: the partition's high watermark minus the next offset
   * to deliver, once a record of it was delivered). Absent for sources
   * without a backlog to report.
   */
  backlog?(): Record<string, number>;
  /**
   * Every element this source delivered in bundles before `bundleIndex` has been fully
   * processed and its results written: a source with durable positions (Kafka offsets) may
   * record them now, so a restart re-reads only what may not have been reflected in the output.
   */
  acknowledgeBundlesBefore?(bundleIndex: number): Promise<void>;
  /**
   * Where the source stands after the bundles delivered so far, as plain data for a checkpoint:
   * what it delivered (Kafka: the next offset per partition; a file: the records read) and its
   * watermark state. Absent for sources that are re-read from their start (an impulse).
   */
  position?(): unknown;
  /** Before the first bundle: resume after a checkpoint's `position()`. */
  restorePosition?(position: unknown): void;
  /** After a checkpoint holding `position()` was written: a source with durable positions records them. */
  commitPosition?(position: unknown): Promise<void>;
  close(): Promise<void>;
}
