/** What a trigger sees when it is asked about one key and window. */
export interface TriggerContext {
  /** The aggregation's input watermark (−∞ … +∞). */
  inputWatermarkMs: number;
  processingTimeMs: number;
  /** The window's last instant (end − 1 ms for interval windows). */
  windowMaxTimestampMs: number;
}

/**
 * A Beam trigger as a state machine over a per-key-and-window state `S`,
 * after Beam Java's TriggerStateMachine: `onElement` for each element,
 * `shouldFire` after each element and at each bundle's end, `onFire` when the
 * pane is emitted. A finished trigger closes its window: later data is dropped.
 * States are mutated in place.
 */
export interface TriggerMachine<S> {
  newState(): S;
  onElement(state: S, context: TriggerContext): void;
  shouldFire(state: S, context: TriggerContext): boolean;
  onFire(state: S, context: TriggerContext): void;
  isFinished(state: S): boolean;
}

/** True once the watermark has passed the window's end: AfterWatermark.pastEndOfWindow(). */
export function endOfWindowReached(context: TriggerContext): boolean {
  return context.inputWatermarkMs > context.windowMaxTimestampMs;
}
