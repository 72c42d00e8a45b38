import type { MonitorResult, PaneLabel, WindowInterval } from "../io/results";

/** What fired, and by how much: the numbers a user needs to judge the alert without looking elsewhere. */
export interface AlertEvidence {
  /** The drift metric, or "outlier_rate". */
  metric: string;
  /** The metric's value (the drift statistic or distance; the share of flagged instances). */
  value: number | null;
  pValue?: number;
  adjustedPValue?: number;
  threshold: number;
  /** Values of the feature in the window (drift). */
  sampleSize?: number;
  /** Request instances in the window, and how many of them some detector flagged (outlier rate). */
  instances?: number;
  flagged?: number;
}

/**
 * A rule fired for one feature (or "*": the whole record) in one window pane.
 * `continuing` says the same rule fired for the same feature and metric in
 * the window one slide before: the condition persists, it is not new.
 * Panes accumulate like the results they come from: keep the `final` one.
 */
export interface AlertRecord extends MonitorResult {
  kind: "alert";
  model: string;
  feature: string;
  window: WindowInterval;
  pane: PaneLabel;
  rule: "drift" | "outlier_rate";
  severity: "warning" | "critical";
  continuing: boolean;
  evidence: AlertEvidence;
}
