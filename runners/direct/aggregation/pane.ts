/** A pane's place in its window's sequence of firings: Beam's PaneInfo, timing as text. */
export interface Pane {
  timing: "EARLY" | "ON_TIME" | "LATE";
  /** 0 for the window's first emitted pane, then +1 per pane. */
  index: number;
  /** −1 for EARLY panes; 0 for the ON_TIME pane (or the first non-early one), then +1 per LATE pane. */
  onTimeIndex: number;
  isFirst: boolean;
  /** The final pane: the window is closed and nothing more will be emitted for it. */
  isLast: boolean;
}

/**
 * The pane a firing produces, by Beam Java's PaneInfoTracker.describePane:
 * LATE once a non-early pane has been emitted, or when the window ended
 * before the output watermark this firing starts from; otherwise EARLY while
 * the input watermark has not passed the window's end, and ON_TIME for the
 * firing that sees it pass.
 */
export function nextPane(
  previous: Pane | undefined,
  windowMaxTimestampMs: number,
  outputWatermarkMs: number,
  inputWatermarkMs: number,
  isLast: boolean,
): Pane {
  const lateForOutput = windowMaxTimestampMs < outputWatermarkMs;
  const onlyEarlySoFar = previous === undefined || previous.timing === "EARLY";
  const timing =
    lateForOutput || !onlyEarlySoFar
      ? "LATE"
      : inputWatermarkMs <= windowMaxTimestampMs
        ? "EARLY"
        : "ON_TIME";
  return {
    timing,
    index: previous === undefined ? 0 : previous.index + 1,
    onTimeIndex: timing === "EARLY" ? -1 : previous === undefined ? 0 : previous.onTimeIndex + 1,
    isFirst: previous === undefined,
    isLast,
  };
}
