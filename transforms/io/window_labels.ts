import * as beam from "apache-beam";
import type { PaneLabel, WindowInterval } from "./results";
import { windowInterval } from "./results";

/** A Beam pane as results report it: the consumer takes the `final` pane as complete. */
export function paneLabel(pane: beam.PaneInfo): PaneLabel {
  return { timing: pane.timing, index: pane.index, final: pane.isLast };
}

/**
 * The event-time interval of a Beam window. `shiftMs` undoes a shift the
 * windowing applied to timestamps (see the windowing strategy), so results
 * always report the window in the log's own event time.
 */
export function intervalOf(window: beam.Window, shiftMs = 0): WindowInterval {
  if (!(window instanceof beam.IntervalWindow)) throw new Error("windowed results need interval windows");
  return windowInterval(window.start.toNumber() - shiftMs, window.end.toNumber() - shiftMs);
}
