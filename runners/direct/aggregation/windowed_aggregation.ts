import type { TriggerContext } from "../triggers/trigger_machine";
import type { WindowingPolicy } from "../windowing/windowing_policy";
import { type Pane, nextPane } from "./pane";
import type { PaneContents, StateCodec } from "./pane_contents";
import { WindowEndIndex } from "./window_end_index";

/**
 * Hands a fired pane downstream; a promise when downstream is asynchronous.
 * `sourceBundle` is the oldest source bundle whose data the pane contains
 * (see DirectRun.oldestHeldBundle), so that what holds the pane downstream holds that bundle.
 */
export type EmitPane<K, W, Out> = (
  key: K,
  window: W,
  value: Out,
  pane: Pane,
  sourceBundle: number,
) => Promise<void> | null;

/** Data that arrived too late: its window expired (past end + allowed lateness) or its trigger had finished. */
export type ReportDropped<W> = (window: W, reason: "expired" | "closed") => void;

export interface KeyWindowState<K, W, V, Out> {
  stateId: string;
  /** Creation order: ties between windows with the same end are handled in it. */
  sequence: number;
  key: K;
  window: W;
  windowMaxTimestampMs: number;
  contents: PaneContents<V, Out>;
  trigger: unknown;
  lastPane: Pane | undefined;
  /** Whether elements arrived since the last firing (an empty pane is emitted only when the policy asks for it). */
  hasNewElements: boolean;
  /** The trigger finished: the window emits nothing more and drops what still arrives, until it is collected. */
  closed: boolean;
  /** The oldest source bundle whose data is in `contents` (Infinity when empty): input not yet safe to acknowledge. */
  oldestSourceBundle: number;
}

/** One key and window in a checkpoint: its key and window through their coders, its contents folded. */
interface KeyWindowSnapshot {
  stateId: string;
  sequence: number;
  key: string;
  window: string;
  windowMaxTimestampMs: number;
  contents: unknown;
  trigger: unknown;
  lastPane: Pane | undefined;
  hasNewElements: boolean;
  closed: boolean;
  oldestSourceBundle: number;
  pending: boolean;
}

/** A WindowedAggregation in a checkpoint. */
export interface AggregationSnapshot {
  inputWatermarkMs: number;
  createdStates: number;
  states: KeyWindowSnapshot[];
}

/**
 * Per-key, per-window state of a GroupByKey or lifted combine, after Beam
 * Java's ReduceFnRunner: triggers are asked after every element and at every
 * bundle's end; at the end of each bundle the input watermark advances,
 * ready panes fire, and windows past end + allowed lateness fire their final
 * pane and are forgotten. With no allowed lateness the on-time pane is that
 * final pane.
 *
 * A bundle's end visits only the states whose answer can have changed: those
 * that got input, those whose window end or garbage-collection time the
 * watermark passed (found through a WindowEndIndex), and those left `pending`
 * — ready to fire again, or waiting for the clock. That is exact because
 * triggers read the watermark only against the window's end
 * (endOfWindowReached) and grow no less ready as processing time passes: a
 * state not ready at +∞ processing time after its last visit stays unready
 * until one of the other two happens. States are visited in window-end order
 * (then creation order), as if every state were.
 */
export class WindowedAggregation<K, W, V, Out> {
  private readonly states = new Map<string, KeyWindowState<K, W, V, Out>>();
  private readonly byWindowEnd = new WindowEndIndex<KeyWindowState<K, W, V, Out>>();
  /** States that got input in the current bundle. */
  private withInput = new Set<KeyWindowState<K, W, V, Out>>();
  /** States whose trigger may fire at a later bundle's end without new input or a window end passed. */
  private readonly pending = new Set<KeyWindowState<K, W, V, Out>>();
  private createdStates = 0;
  private inputWatermarkMs = -Infinity;

  constructor(
    private readonly policy: WindowingPolicy,
    private readonly newContents: () => PaneContents<V, Out>,
    private readonly emit: EmitPane<K, W, Out>,
    private readonly reportDropped: ReportDropped<W>,
  ) {}

  /** One element for one window; `stateId` identifies the key and window; `sourceBundle` the oldest source bundle it derives from. */
  add(
    stateId: string,
    key: K,
    window: W,
    windowMaxTimestampMs: number,
    value: V,
    arrivalTimeMs: number,
    sourceBundle: number,
  ): Promise<void> | null {
    if (this.isExpired(windowMaxTimestampMs, this.inputWatermarkMs)) {
      this.reportDropped(window, "expired");
      return null;
    }
    let state = this.states.get(stateId);
    if (state === undefined) {
      state = {
        stateId,
        sequence: this.createdStates++,
        key,
        window,
        windowMaxTimestampMs,
        contents: this.newContents(),
        trigger: this.policy.trigger.newState(),
        lastPane: undefined,
        hasNewElements: false,
        closed: false,
        oldestSourceBundle: Infinity,
      };
      this.states.set(stateId, state);
      this.byWindowEnd.add(windowMaxTimestampMs, state);
    }
    if (state.closed) {
      this.reportDropped(window, "closed");
      return null;
    }
    state.contents.add(value);
    this.withInput.add(state);
    state.oldestSourceBundle = Math.min(state.oldestSourceBundle, sourceBundle);
    state.hasNewElements = true;
    const context = this.context(state, arrivalTimeMs);
    this.policy.trigger.onElement(state.trigger, context);
    if (!this.policy.trigger.shouldFire(state.trigger, context)) return null;
    return this.fire(state, context, this.inputWatermarkMs, false);
  }

  /** The end of a bundle: folds the bundle in, moves the input watermark and fires what became ready. */
  async advance(watermarkMs: number, processingTimeMs: number): Promise<void> {
    const previousWatermarkMs = this.inputWatermarkMs;
    this.inputWatermarkMs = Math.max(previousWatermarkMs, watermarkMs);
    const { allowedLatenessMs } = this.policy;
    const visited = this.statesToVisit(previousWatermarkMs);
    this.withInput = new Set();
    const byWindowEnd = [...visited].sort(
      (a, b) => a.windowMaxTimestampMs - b.windowMaxTimestampMs || a.sequence - b.sequence,
    );
    for (const state of byWindowEnd) {
      state.contents.settle();
      const expired = this.isExpired(state.windowMaxTimestampMs, this.inputWatermarkMs);
      const context = this.context(state, processingTimeMs);
      // With no allowed lateness the end-of-window firing is the garbage-collection one (one pane, final).
      const firesBeforeCollection = !(expired && allowedLatenessMs === 0);
      if (!state.closed && firesBeforeCollection && this.policy.trigger.shouldFire(state.trigger, context)) {
        await this.fire(state, context, previousWatermarkMs, false);
      }
      if (expired) {
        if (!state.closed) await this.fire(state, context, previousWatermarkMs, true);
        this.forget(state);
      } else if (
        !state.closed &&
        this.policy.trigger.shouldFire(state.trigger, { ...context, processingTimeMs: Infinity })
      ) {
        this.pending.add(state);
      } else {
        this.pending.delete(state);
      }
    }
  }

  /** The states whose trigger's answer can have changed since the last bundle end (see the class comment). */
  protected statesToVisit(previousWatermarkMs: number): Set<KeyWindowState<K, W, V, Out>> {
    const visited = new Set([...this.withInput, ...this.pending]);
    // Window ends the watermark passed in this move, and windows it expired (end + lateness passed).
    const passed = (endMs: number) =>
      endMs >= previousWatermarkMs || endMs + this.policy.allowedLatenessMs < this.inputWatermarkMs;
    for (const states of this.byWindowEnd.endsBelow(this.inputWatermarkMs, passed)) {
      for (const state of states) visited.add(state);
    }
    return visited;
  }

  /** Every live state, in creation order. */
  protected allStates(): Set<KeyWindowState<K, W, V, Out>> {
    return new Set(this.states.values());
  }

  /**
   * The oldest source bundle whose data some window still holds (Infinity when none): a restart
   * that re-reads from there loses nothing, because every pane of older data has been emitted.
   */
  oldestHeldSourceBundle(): number {
    let oldest = Infinity;
    for (const state of this.states.values()) oldest = Math.min(oldest, state.oldestSourceBundle);
    return oldest;
  }

  /**
   * Every window's state, taken between bundles (nothing is waiting to be folded in). The trigger
   * states are plain data (triggers/), so they go as they are; keys and windows through `codecs`.
   */
  snapshot(codecs: { key: StateCodec<K>; window: StateCodec<W> }): AggregationSnapshot {
    const states = [...this.states.values()].map((state) => ({
      stateId: state.stateId,
      sequence: state.sequence,
      key: codecs.key.encode(state.key),
      window: codecs.window.encode(state.window),
      windowMaxTimestampMs: state.windowMaxTimestampMs,
      contents: state.contents.snapshot(),
      trigger: state.trigger,
      lastPane: state.lastPane,
      hasNewElements: state.hasNewElements,
      closed: state.closed,
      oldestSourceBundle: state.oldestSourceBundle,
      pending: this.pending.has(state),
    }));
    return { inputWatermarkMs: this.inputWatermarkMs, createdStates: this.createdStates, states };
  }

  /** Replaces the (empty) state of a run that has not started with a checkpoint's. */
  restore(snapshot: AggregationSnapshot, codecs: { key: StateCodec<K>; window: StateCodec<W> }): void {
    this.inputWatermarkMs = snapshot.inputWatermarkMs;
    this.createdStates = snapshot.createdStates;
    for (const saved of snapshot.states) {
      const contents = this.newContents();
      contents.restore(saved.contents);
      const state: KeyWindowState<K, W, V, Out> = {
        stateId: saved.stateId,
        sequence: saved.sequence,
        key: codecs.key.decode(saved.key),
        window: codecs.window.decode(saved.window),
        windowMaxTimestampMs: saved.windowMaxTimestampMs,
        contents,
        trigger: saved.trigger,
        lastPane: saved.lastPane,
        hasNewElements: saved.hasNewElements,
        closed: saved.closed,
        oldestSourceBundle: saved.oldestSourceBundle,
      };
      this.states.set(state.stateId, state);
      this.byWindowEnd.add(state.windowMaxTimestampMs, state);
      if (saved.pending) this.pending.add(state);
    }
  }

  private forget(state: KeyWindowState<K, W, V, Out>): void {
    this.states.delete(state.stateId);
    this.byWindowEnd.delete(state.windowMaxTimestampMs, state);
    this.pending.delete(state);
  }

  /** Past end + allowed lateness: Beam's garbage-collection time is maxTimestamp + allowedLateness. */
  private isExpired(windowMaxTimestampMs: number, watermarkMs: number): boolean {
    return watermarkMs > windowMaxTimestampMs + this.policy.allowedLatenessMs;
  }

  private context(state: KeyWindowState<K, W, V, Out>, processingTimeMs: number): TriggerContext {
    return {
      inputWatermarkMs: this.inputWatermarkMs,
      processingTimeMs,
      windowMaxTimestampMs: state.windowMaxTimestampMs,
    };
  }

  private fire(
    state: KeyWindowState<K, W, V, Out>,
    context: TriggerContext,
    outputWatermarkMs: number,
    garbageCollection: boolean,
  ): Promise<void> | null {
    if (!garbageCollection) this.policy.trigger.onFire(state.trigger, context);
    const isLast = garbageCollection || this.policy.trigger.isFinished(state.trigger);
    const pane = nextPane(
      state.lastPane,
      state.windowMaxTimestampMs,
      outputWatermarkMs,
      context.inputWatermarkMs,
      isLast,
    );
    const emitsEmpty =
      (pane.timing === "ON_TIME" && this.policy.emptyOnTimePane) || (isLast && this.policy.emptyFinalPane);
    let emitted: Promise<void> | null = null;
    if (state.hasNewElements || emitsEmpty) {
      emitted = this.emit(state.key, state.window, state.contents.output(), pane, state.oldestSourceBundle);
      state.lastPane = pane;
    }
    state.hasNewElements = false;
    if (isLast || !this.policy.accumulating) {
      state.contents.clear();
      state.oldestSourceBundle = Infinity;
    }
    state.closed = isLast;
    return emitted;
  }
}
