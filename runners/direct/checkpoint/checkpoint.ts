/**
 * A consistent cut of a run, taken between bundles: every transform that
 * keeps state across bundles (window accumulators, pane indexes, trigger
 * state, watermarks) and every source's position (Kafka offsets, lines of a
 * file) as they were after the same bundle, whose results the sinks had
 * written. Restoring it and reading on from the positions gives the panes the
 * run would have given (see README.md in runners/direct).
 */
export interface Checkpoint {
  version: typeof CHECKPOINT_VERSION;
  /** What the state means: a hash of the job's spec (without its sinks); another spec's state is refused. */
  fingerprint: string;
  /** The last bundle whose input and results the checkpoint includes; a restored run numbers on from it. */
  bundleIndex: number;
  takenAtMs: number;
  /** Records dropped as too late before the checkpoint. */
  droppedLate: number;
  /** Per source transform: its position (what it delivered) and watermark state. */
  sources: Record<string, unknown>;
  /** Per stateful transform (GroupByKey, combine): its windows. */
  operators: Record<string, unknown>;
}

export const CHECKPOINT_VERSION = 1;

/** A part of a run whose state a checkpoint saves and a restart restores. */
export interface Checkpointed {
  snapshot(): unknown;
  restore(state: unknown): void;
}
