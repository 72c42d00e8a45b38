import type { MonitorResult, PaneLabel, WindowInterval } from "../io/results";
import type { DriftVerdict } from "./drift_verdicts";

/**
 * One metric's comparison of one feature (or the prediction) in one window
 * pane with the baseline profile. Panes accumulate: the `final` pane's record
 * is the complete window's.
 */
export interface DriftRecord extends MonitorResult, DriftVerdict {
  kind: "drift";
  model: string;
  role: "feature" | "prediction";
  window: WindowInterval;
  pane: PaneLabel;
}
