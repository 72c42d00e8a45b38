import type { Pane } from "../../../runners/direct/aggregation/pane";
import { nextPane } from "../../../runners/direct/aggregation/pane";
import type { PaneContents } from "../../../runners/direct/aggregation/pane_contents";
import type { EmitPane, ReportDropped } from "../../../runners/direct/aggregation/windowed_aggregation";
import type { TriggerContext } from "../../../runners/direct/triggers/trigger_machine";
import type { WindowingPolicy } from "../../../runners/direct/windowing/windowing_policy";

interface KeyWindowState<K, W, V, Out> {
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

/**
 * The reference for WindowedAggregation's bundle ends: the same rules, but
 * every live state sorted by window end and visited at every bundle end (the
 * runner's algorithm before it indexed states by window end), so a test can
 * check that visiting only the states that can have changed gives the same panes.
 */
export class EveryStateAggregation<K, W, V, Out> {
  private readonly states = new Map<string, KeyWindowState<K, W, V, Out>>();
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
    }
    if (state.closed) {
      this.reportDropped(window, "closed");
      return null;
    }
    state.contents.add(value);
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
    const byWindowEnd = [...this.states].sort(
      ([, a], [, b]) => a.windowMaxTimestampMs - b.windowMaxTimestampMs,
    );
    for (const [stateId, state] of byWindowEnd) {
      state.contents.settle();
      const expired = this.isExpired(state.windowMaxTimestampMs, this.inputWatermarkMs);
      const context = this.context(state, processingTimeMs);
      // With no allowed lateness the end-of-window firing is the garbage-collection one (one pane, final).
      const firesBeforeCollection = !(expired && this.policy.allowedLatenessMs === 0);
      if (!state.closed && firesBeforeCollection && this.policy.trigger.shouldFire(state.trigger, context)) {
        await this.fire(state, context, previousWatermarkMs, false);
      }
      if (expired) {
        if (!state.closed) await this.fire(state, context, previousWatermarkMs, true);
        this.states.delete(stateId);
      }
    }
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
