import type { DriftRecord } from "../drift/drift_record";
import type { WindowInterval } from "../io/results";
import type { AlertEvidence, AlertRecord } from "./alert_record";

/**
 * One rule's outcome for one (feature, metric) in one window pane, fired or
 * not: what the alert stage compares across consecutive windows.
 */
export interface AlertCandidate {
  rule: AlertRecord["rule"];
  feature: string;
  window: WindowInterval;
  windowEndMs: number;
  /** The upstream pane's index: of several panes of one window, the latest counts. */
  paneIndex: number;
  fired: boolean;
  severity: AlertRecord["severity"];
  evidence: AlertEvidence;
}

/**
 * How many times beyond its threshold the evidence is: value / threshold for
 * a distance or a rate; ln p / ln α for a test (p = α^ratio), so 2 means
 * p = α². Critical from `criticalFactor` on.
 */
export function severityOf(
  evidence: { value: number; pValue?: number; threshold: number },
  criticalFactor: number,
): AlertRecord["severity"] {
  const ratio =
    evidence.pValue === undefined
      ? evidence.value / evidence.threshold
      : Math.log(evidence.pValue) / Math.log(evidence.threshold);
  return ratio >= criticalFactor ? "critical" : "warning";
}

/** A drift record as an alert candidate: fired when `drifted` is true. */
export function driftCandidate(record: DriftRecord, criticalFactor: number): AlertCandidate {
  const evidence: AlertEvidence = {
    metric: record.metric,
    value: record.value,
    ...(record.pValue === undefined ? {} : { pValue: record.pValue }),
    ...(record.adjustedPValue === undefined ? {} : { adjustedPValue: record.adjustedPValue }),
    threshold: record.threshold,
    sampleSize: record.sampleSize,
  };
  const decidingPValue = record.adjustedPValue ?? record.pValue;
  return {
    rule: "drift",
    feature: record.feature,
    window: record.window,
    windowEndMs: Date.parse(record.window.end),
    paneIndex: record.pane.index,
    fired: record.drifted === true,
    severity: severityOf(
      { value: record.value ?? Infinity, pValue: decidingPValue, threshold: record.threshold },
      criticalFactor,
    ),
    evidence,
  };
}

/** A window's outlier counts as an alert candidate: fired when flagged / instances exceeds the threshold. */
export function outlierRateCandidate(
  counts: { instances: number; flagged: number },
  window: WindowInterval,
  paneIndex: number,
  settings: { outlierRate: number; minInstances: number; criticalFactor: number },
): AlertCandidate {
  const rate = counts.instances === 0 ? 0 : counts.flagged / counts.instances;
  return {
    rule: "outlier_rate",
    feature: "*",
    window,
    windowEndMs: Date.parse(window.end),
    paneIndex,
    fired: counts.instances >= settings.minInstances && rate > settings.outlierRate,
    severity: severityOf({ value: rate, threshold: settings.outlierRate }, settings.criticalFactor),
    evidence: {
      metric: "outlier_rate",
      value: rate,
      threshold: settings.outlierRate,
      instances: counts.instances,
      flagged: counts.flagged,
    },
  };
}

/**
 * The alert of one (rule, feature, metric) for the window ending at
 * `currentEndMs`, from the candidates of that window and of the window one
 * slide before (any of their panes): none unless the current window's latest
 * pane fired; continuing when the previous window's latest pane fired too.
 */
export function consecutiveAlert(
  candidates: Iterable<AlertCandidate>,
  currentEndMs: number,
  slideMs: number,
): { candidate: AlertCandidate; continuing: boolean } | undefined {
  const all = [...candidates];
  const latestEndingAt = (endMs: number) => {
    let latest: AlertCandidate | undefined;
    for (const candidate of all) {
      if (candidate.windowEndMs !== endMs) continue;
      if (latest === undefined || latest.paneIndex < candidate.paneIndex) latest = candidate;
    }
    return latest;
  };
  const current = latestEndingAt(currentEndMs);
  if (current === undefined || !current.fired) return undefined;
  return { candidate: current, continuing: latestEndingAt(currentEndMs - slideMs)?.fired === true };
}
