import type { MonitorResult, PaneLabel, WindowInterval } from "../../io/results";

/**
 * A feature's statistics over one window pane. Panes accumulate, so the
 * record with `pane.final` describes the complete window.
 */
export interface StatisticsRecord extends MonitorResult {
  kind: "statistics";
  model: string;
  feature: string;
  window: WindowInterval;
  pane: PaneLabel;
  /** Finite values in the window. */
  count: number;
  /** Records in the window without a value for the feature. */
  missing: number;
  /** Mean of the finite values; null when there are none. */
  mean: number | null;
}
