import type { BaselineProfile } from "../transforms/baseline/baseline_profile";
import { groupConsecutive, maxOrNull, meanOrNull, minOrNull, MAX_POINTS_PER_SERIES } from "./downsample";
import {
  type AlertRecord,
  type DriftRecord,
  type MonitorResults,
  type StatisticsRecord,
  latestPanes,
} from "./result_records";

/** One plotted drift point: a window (or the first of a group of windows) and the metric's value. */
export interface DriftPoint {
  x: number;
  /**
   * The worst value among the windows the point stands for (largest distance,
   * smallest p-value); null: no verdict (too few values).
   */
  y: number | null;
  /** Whether any of those windows drifted. */
  drifted: boolean;
  /** The threshold in force (a distance's effectiveThreshold at the window's size; a test's α), the smallest over the windows. */
  threshold: number;
}

export interface DriftSeries {
  metric: string;
  /**
   * What is plotted: a distance's value (drifted above the threshold), or a
   * test's p-value after correction (drifted below the threshold α, log axis).
   */
  scale: "distance" | "pValue";
  /** What y is, for the chart's label: the distance, the raw p-value, or the p-value after the correction. */
  plotted: "value" | "raw p-value" | "adjusted p-value";
  threshold: number;
  points: DriftPoint[];
  windowsPerPoint: number;
}

/** The latest window's distribution beside the baseline's, as shares of each side's count. */
export interface DistributionComparison {
  window: { start: string; end: string };
  bins: string[];
  current: number[];
  baseline: number[] | null;
}

export interface QuantileBand {
  /** The quantile levels, lowest first, e.g. ["0.05", "0.5", "0.95"]. */
  levels: string[];
  /** Per point: x and one value per level (lowest: min over the point's windows, highest: max, others: mean). */
  points: { x: number; values: (number | null)[] }[];
  windowsPerPoint: number;
}

export interface FeatureReport {
  feature: string;
  type: "numerical" | "categorical";
  drift: DriftSeries[];
  latest: DistributionComparison | null;
  quantiles: QuantileBand | null;
}

export interface AlertSummaryRow {
  rule: string;
  feature: string;
  metric: string;
  windows: number;
  critical: number;
  /** Windows where the condition was new (not continuing from the window before). */
  started: number;
  firstWindow: string;
  lastWindow: string;
}

export interface ReportData {
  models: string[];
  windowCount: number;
  firstWindow: string | null;
  lastWindow: string | null;
  alerts: { total: number; rows: AlertSummaryRow[]; recent: AlertRecord[] };
  features: FeatureReport[];
  outliers: { bucketMs: number; methods: { method: string; points: { x: number; y: number }[] }[] };
  deadLetters: { reason: string; count: number }[];
}

/** Categories shown per feature: the ones with the largest share on either side; the rest are summed as "(other)". */
const MAX_CATEGORIES = 15;
const RECENT_ALERTS = 50;

/** Builds everything the report draws from the job's results and, optionally, the baseline profile. */
export function buildReportData(results: MonitorResults, baseline?: BaselineProfile): ReportData {
  const statistics = latestPanes(
    results.statistics.filter((r) => r.type !== "correlation"),
    (r) => `${r.model}|${r.feature}`,
  );
  const drift = latestPanes(results.drift, (r) => `${r.model}|${r.feature}|${r.metric}`);
  const windowStarts = [...new Set(statistics.map((r) => r.window.start))].sort();
  const features = [...new Set([...statistics, ...drift].map((r) => r.feature))].map((feature) =>
    featureReport(
      feature,
      statistics.filter((r) => r.feature === feature),
      drift.filter((r) => r.feature === feature),
      baseline,
    ),
  );
  return {
    models: [...new Set([...statistics, ...drift, ...results.alert].map((r) => r.model))].sort(),
    windowCount: windowStarts.length,
    firstWindow: windowStarts[0] ?? null,
    lastWindow: windowStarts[windowStarts.length - 1] ?? null,
    alerts: alertSummary(results.alert),
    features,
    outliers: outlierCounts(results, windowLengthMs(statistics)),
    deadLetters: countBy(results.deadletter.map((r) => r.reason)).map(([reason, count]) => ({
      reason,
      count,
    })),
  };
}

function featureReport(
  feature: string,
  statistics: StatisticsRecord[],
  drift: DriftRecord[],
  baseline?: BaselineProfile,
): FeatureReport {
  const type = statistics.some((r) => r.type === "categorical") ? "categorical" : "numerical";
  const metrics = [...new Set(drift.map((r) => r.metric))];
  return {
    feature,
    type,
    drift: metrics.map((metric) =>
      driftSeries(
        metric,
        drift.filter((r) => r.metric === metric),
      ),
    ),
    latest: latestDistribution(statistics, baseline?.features[feature]),
    quantiles: quantileBand(statistics),
  };
}

/** The smallest p-value drawn: a log axis cannot show 0 (a p-value that underflowed). */
export const MIN_PLOTTED_P_VALUE = 1e-16;

function driftSeries(metric: string, records: DriftRecord[]): DriftSeries {
  const { groups, perPoint } = groupConsecutive(records);
  const isTest = records.some((r) => typeof r.pValue === "number");
  const adjusted = records.some((r) => typeof r.adjustedPValue === "number");
  const worst = (group: DriftRecord[]) => {
    if (!isTest) return maxOrNull(group.map((r) => r.value));
    const p = minOrNull(group.map((r) => r.adjustedPValue ?? r.pValue ?? null));
    return p === null ? null : Math.max(p, MIN_PLOTTED_P_VALUE);
  };
  return {
    metric,
    scale: isTest ? "pValue" : "distance",
    plotted: !isTest ? "value" : adjusted ? "adjusted p-value" : "raw p-value",
    threshold: records[records.length - 1].threshold,
    windowsPerPoint: perPoint,
    points: groups.map((group) => ({
      x: Date.parse(group[0].window.start),
      y: worst(group),
      drifted: group.some((r) => r.drifted === true),
      threshold: Math.min(...group.map((r) => r.effectiveThreshold ?? r.threshold)),
    })),
  };
}

function latestDistribution(
  statistics: StatisticsRecord[],
  baseline: BaselineProfile["features"][string] | undefined,
): DistributionComparison | null {
  for (let i = statistics.length - 1; i >= 0; i--) {
    const record = statistics[i];
    if (record.type === "numerical" && record.histogram) {
      const reference = baseline?.type === "numerical" ? baseline.histogram.result() : undefined;
      const sameEdges = reference !== undefined && sameNumbers(reference.edges, record.histogram.edges);
      return { window: record.window, ...histogramBins(record.histogram, sameEdges ? reference : undefined) };
    }
    if (record.type === "categorical" && record.frequencies) {
      const reference =
        baseline?.type === "categorical" ? baseline.frequencies.result().frequencies : undefined;
      return { window: record.window, ...categoryBins(record.frequencies, reference) };
    }
  }
  return null;
}

type Bins = Omit<DistributionComparison, "window">;
type HistogramCounts = NonNullable<StatisticsRecord["histogram"]>;

function histogramBins(current: HistogramCounts, reference: HistogramCounts | undefined): Bins {
  const edges = current.edges;
  const bins = current.counts.map(
    (_, i) => `[${edges[i]}, ${edges[i + 1]}${i === edges.length - 2 ? "]" : ")"}`,
  );
  const counts = (h: HistogramCounts) => [h.underflow, ...h.counts, h.overflow];
  // Under- and overflow get a bin only when either side has values there.
  const outside = [true, ...current.counts.map(() => false), true];
  const shown = outside.map(
    (isOutside, i) => !isOutside || counts(current)[i] > 0 || (reference ? counts(reference)[i] > 0 : false),
  );
  const labels = [`< ${edges[0]}`, ...bins, `> ${edges[edges.length - 1]}`].filter((_, i) => shown[i]);
  const shares = (h: HistogramCounts) => asShares(counts(h)).filter((_, i) => shown[i]);
  return { bins: labels, current: shares(current), baseline: reference ? shares(reference) : null };
}

function categoryBins(current: Record<string, number>, reference: Record<string, number> | undefined): Bins {
  const currentShares = shareMap(current);
  const referenceShares = reference ? shareMap(reference) : new Map<string, number>();
  const largest = (value: string) => Math.max(currentShares.get(value) ?? 0, referenceShares.get(value) ?? 0);
  const categories = [...new Set([...currentShares.keys(), ...referenceShares.keys()])].sort(
    (a, b) => largest(b) - largest(a) || a.localeCompare(b),
  );
  const shown = categories.slice(0, MAX_CATEGORIES);
  const rest = (shares: Map<string, number>) =>
    1 - shown.reduce((sum, value) => sum + (shares.get(value) ?? 0), 0);
  const withOther = categories.length > shown.length;
  const column = (shares: Map<string, number>) => [
    ...shown.map((value) => shares.get(value) ?? 0),
    ...(withOther ? [Math.max(0, rest(shares))] : []),
  ];
  return {
    bins: [...shown, ...(withOther ? ["(other)"] : [])],
    current: column(currentShares),
    baseline: reference ? column(referenceShares) : null,
  };
}

function quantileBand(statistics: StatisticsRecord[]): QuantileBand | null {
  const withQuantiles = statistics.filter((r) => r.type === "numerical" && r.quantiles);
  if (withQuantiles.length === 0) return null;
  const levels = Object.keys(withQuantiles[0].quantiles!).sort((a, b) => Number(a) - Number(b));
  const { groups, perPoint } = groupConsecutive(withQuantiles);
  return {
    levels,
    windowsPerPoint: perPoint,
    points: groups.map((group) => ({
      x: Date.parse(group[0].window.start),
      values: levels.map((level, i) => {
        const values = group.map((r) => r.quantiles![level] ?? null);
        if (i === 0) return minOrNull(values);
        if (i === levels.length - 1) return maxOrNull(values);
        return meanOrNull(values);
      }),
    })),
  };
}

function alertSummary(alerts: AlertRecord[]): ReportData["alerts"] {
  const latest = latestPanes(alerts, (r) => `${r.model}|${r.rule}|${r.feature}|${r.evidence.metric}`);
  const rows = new Map<string, AlertSummaryRow>();
  for (const alert of latest) {
    const key = `${alert.rule}|${alert.feature}|${alert.evidence.metric}`;
    const row = rows.get(key) ?? {
      rule: alert.rule,
      feature: alert.feature,
      metric: alert.evidence.metric,
      windows: 0,
      critical: 0,
      started: 0,
      firstWindow: alert.window.start,
      lastWindow: alert.window.start,
    };
    row.windows += 1;
    if (alert.severity === "critical") row.critical += 1;
    if (!alert.continuing) row.started += 1;
    row.lastWindow = alert.window.start;
    rows.set(key, row);
  }
  return {
    total: latest.length,
    rows: [...rows.values()].sort((a, b) => b.windows - a.windows),
    recent: latest.slice(-RECENT_ALERTS).reverse(),
  };
}

/**
 * Outlier records have no window (they are per request): they are counted per
 * bucket of event time, one window long when the statistics tell the window
 * length, widened to keep at most MAX_POINTS_PER_SERIES buckets.
 */
function outlierCounts(results: MonitorResults, windowMs: number | null): ReportData["outliers"] {
  const times = results.outlier.map((r) => r.eventTimeMs);
  if (times.length === 0) return { bucketMs: windowMs ?? 0, methods: [] };
  const first = Math.min(...times);
  const last = Math.max(...times);
  const unitMs = windowMs ?? Math.max(1, Math.ceil((last - first + 1) / MAX_POINTS_PER_SERIES));
  const bucketMs = unitMs * Math.max(1, Math.ceil((last - first + 1) / unitMs / MAX_POINTS_PER_SERIES));
  const origin = Math.floor(first / bucketMs) * bucketMs;
  const buckets = Math.floor((last - origin) / bucketMs) + 1;
  const methods = countBy(results.outlier.map((r) => r.method)).map(([method]) => {
    const counts = new Array<number>(buckets).fill(0);
    for (const r of results.outlier)
      if (r.method === method) counts[Math.floor((r.eventTimeMs - origin) / bucketMs)] += 1;
    return { method, points: counts.map((y, i) => ({ x: origin + i * bucketMs, y })) };
  });
  return { bucketMs, methods };
}

function windowLengthMs(statistics: StatisticsRecord[]): number | null {
  const record = statistics[0];
  return record ? Date.parse(record.window.end) - Date.parse(record.window.start) : null;
}

/** Values with their number of occurrences, most frequent first. */
function countBy(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function asShares(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  return counts.map((c) => (total === 0 ? 0 : c / total));
}

function shareMap(frequencies: Record<string, number>): Map<string, number> {
  const entries = Object.entries(frequencies);
  const shares = asShares(entries.map((e) => e[1]));
  return new Map(entries.map((e, i) => [e[0], shares[i]]));
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
