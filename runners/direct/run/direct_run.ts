import { CHECKPOINT_VERSION, type Checkpoint, type Checkpointed } from "../checkpoint/checkpoint";
import type { CheckpointStore } from "../checkpoint/checkpoint_store";
import type { Clock } from "../clock";
import { UnsupportedFeatureError } from "../unsupported_feature";
import { type DrivenSource, openSourceDriver } from "../sources/open_source_driver";
import type { BundleLimits, SourceBundle, SourceDriver } from "../sources/source_driver";
import { SideInputStore } from "./side_input_store";
import { WatermarkBoard } from "./watermark_board";

/** When the current bundle's elements arrived, and the processing time at its end, when timers are checked. */
export interface BundleTimes {
  arrivalTimeMs: number;
  firingTimeMs: number;
}

interface DrivenSourceState {
  driver: SourceDriver;
  current: SourceBundle;
}

/**
 * Everything one run of a pipeline shares with its operators, which find it
 * through the bundle descriptor's id (see active_runs.ts): the sources and
 * their current bundles, the watermark board, side-input contents, the clock.
 */
export class DirectRun {
  readonly sideInputs = new SideInputStore();
  readonly watermarks: WatermarkBoard;
  bundleTimes: BundleTimes;
  /** The bundle being processed: 0, 1, 2, … (each source is polled once per bundle until it ends). */
  bundleIndex = -1;
  /** Records dropped as too late so far, over every aggregation (the `droppedLate` metric's total). */
  droppedLate = 0;
  /**
   * The oldest source bundle the element being processed derives from: the current bundle for
   * source elements; set by an aggregation around each pane it emits and by a pushback around
   * each element it releases, so that whatever holds the element downstream holds that bundle.
   */
  elementSourceBundle = -1;
  private readonly sources = new Map<string, DrivenSourceState>();
  /** Transforms that keep elements across bundles, each with the oldest source bundle it still holds. */
  private readonly sourceBundleHolds = new Map<string, () => number>();
  /** Transforms whose state a checkpoint saves. */
  private readonly checkpointed = new Map<string, Checkpointed>();
  /** The checkpoint this run started from, whose operator states are restored as operators register. */
  private readonly restored: Checkpoint | undefined;

  constructor(
    sources: ReadonlyMap<string, DrivenSource>,
    holdersOf: ReadonlyMap<string, readonly string[]>,
    readonly clock: Clock,
    idleTimeoutMs: number,
    readonly log: (line: string) => void,
    private readonly checkpoints?: CheckpointStore,
  ) {
    this.watermarks = new WatermarkBoard(holdersOf);
    const startMs = clock.nowMs();
    this.bundleTimes = { arrivalTimeMs: startMs, firingTimeMs: startMs };
    for (const [transformId, source] of sources) {
      const current = { elements: [], arrivalTimeMs: startMs, watermarkMs: -Infinity, exhausted: false };
      this.sources.set(transformId, { driver: openSourceDriver(source, clock, idleTimeoutMs, log), current });
    }
    this.restored = checkpoints?.latest();
    if (this.restored !== undefined) this.restoreSources(this.restored);
  }

  /**
   * Registers a transform whose state checkpoints save; when the run started from a checkpoint,
   * the transform's state is restored at once (operators register before the first bundle).
   */
  registerCheckpointed(transformId: string, part: Checkpointed): void {
    this.checkpointed.set(transformId, part);
    const state = this.restored?.operators[transformId];
    if (state !== undefined) part.restore(state);
  }

  /** A transform whose held elements a checkpoint cannot save (yet) refuses to run under checkpointing. */
  refuseCheckpointing(feature: string): void {
    if (this.checkpoints !== undefined)
      throw new UnsupportedFeatureError([
        `checkpointing a pipeline with ${feature} (run it without a state dir)`,
      ]);
  }

  /**
   * Saves the run's state after the current bundle (processed, its results written): every
   * checkpointed transform and every source's position, in one atomic write. Then the sources may
   * commit the positions (Kafka offsets) — after the write, so that committed offsets never run
   * ahead of the state that accounts for the records before them.
   */
  async checkpoint(): Promise<void> {
    if (this.checkpoints === undefined) return;
    const sources: Record<string, unknown> = {};
    for (const [transformId, { driver }] of this.sources) sources[transformId] = driver.position?.();
    const operators: Record<string, unknown> = {};
    for (const [transformId, part] of this.checkpointed) operators[transformId] = part.snapshot();
    this.checkpoints.write({
      version: CHECKPOINT_VERSION,
      fingerprint: this.checkpoints.fingerprint,
      bundleIndex: this.bundleIndex,
      takenAtMs: Date.now(),
      droppedLate: this.droppedLate,
      sources,
      operators,
    });
    await Promise.all(
      [...this.sources].map(([transformId, { driver }]) => driver.commitPosition?.(sources[transformId])),
    );
  }

  /**
   * The run has ended and every window emitted its final pane: the sources commit where they
   * ended, and no state is left, so a next run starts afresh from there.
   */
  async finishCheckpointing(): Promise<void> {
    if (this.checkpoints === undefined) return;
    await Promise.all(
      [...this.sources.values()].map(({ driver }) => driver.commitPosition?.(driver.position?.())),
    );
    this.checkpoints.clear();
  }

  /** Sources resume after what the checkpoint's bundles delivered; bundles are numbered on. */
  private restoreSources(checkpoint: Checkpoint): void {
    this.bundleIndex = checkpoint.bundleIndex;
    this.droppedLate = checkpoint.droppedLate;
    for (const [transformId, { driver }] of this.sources) {
      const position = checkpoint.sources[transformId];
      if (position === undefined) continue;
      if (driver.restorePosition === undefined)
        throw new Error(`source ${transformId} cannot resume from a checkpoint`);
      driver.restorePosition(position);
    }
  }

  sourceBundle(transformId: string): SourceBundle {
    const source = this.sources.get(transformId);
    if (source === undefined) throw new Error(`no source is driven for transform ${transformId}`);
    return source.current;
  }

  /** Asks every source that has not ended for its next bundle; true once all have ended. */
  async pollSources(limits: BundleLimits): Promise<boolean> {
    this.bundleIndex++;
    this.elementSourceBundle = this.bundleIndex;
    const polling = [...this.sources.values()].map(async (source) => {
      if (source.current.exhausted) {
        source.current = { ...source.current, elements: [] };
      } else {
        source.current = await source.driver.nextBundle(limits);
      }
    });
    await Promise.all(polling);
    const firingTimeMs = this.clock.nowMs();
    const arrivals = [...this.sources.values()]
      .filter(({ current }) => current.elements.length > 0)
      .map(({ current }) => current.arrivalTimeMs);
    this.bundleTimes = { arrivalTimeMs: Math.min(firingTimeMs, ...arrivals), firingTimeMs };
    return [...this.sources.values()].every(({ current }) => current.exhausted);
  }

  /** How many elements the sources delivered for the current bundle. */
  sourceElementCount(): number {
    return [...this.sources.values()].reduce((count, { current }) => count + current.elements.length, 0);
  }

  /** Records the sources hold but have not delivered, per partition (Kafka consumer lag). */
  sourceBacklog(): Record<string, number> {
    return Object.assign({}, ...[...this.sources.values()].map(({ driver }) => driver.backlog?.() ?? {}));
  }

  /** The lowest watermark over the sources after the current bundle. */
  sourceWatermarkMs(): number {
    return Math.min(...[...this.sources.values()].map(({ current }) => current.watermarkMs));
  }

  /** Registers a transform that keeps elements across bundles (aggregation state, pushback). */
  registerSourceBundleHold(transformId: string, oldestHeldSourceBundle: () => number): void {
    this.sourceBundleHolds.set(transformId, oldestHeldSourceBundle);
  }

  /** Runs `deliver` with `elementSourceBundle` set to `sourceBundle`, restoring it after the synchronous part. */
  fromSourceBundle<T>(sourceBundle: number, deliver: () => T): T {
    const outer = this.elementSourceBundle;
    this.elementSourceBundle = Math.min(outer, sourceBundle);
    try {
      return deliver();
    } finally {
      this.elementSourceBundle = outer;
    }
  }

  /**
   * Called once a bundle has been processed, so its results are written (sinks flush in
   * finishBundle): the data of every source bundle before the oldest one still held anywhere
   * has left the pipeline, and the sources may acknowledge it (Kafka: commit its offsets).
   */
  async acknowledgeProcessedBundles(): Promise<void> {
    // Under checkpointing, positions are committed with each checkpoint instead (see checkpoint()).
    if (this.checkpoints !== undefined) return;
    let oldestHeld = this.bundleIndex + 1;
    for (const hold of this.sourceBundleHolds.values()) oldestHeld = Math.min(oldestHeld, hold());
    await Promise.all(
      [...this.sources.values()].map(({ driver }) => driver.acknowledgeBundlesBefore?.(oldestHeld)),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.sources.values()].map(({ driver }) => driver.close()));
  }
}
