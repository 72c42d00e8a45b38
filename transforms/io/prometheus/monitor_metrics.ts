import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AlertRecord } from "../../alerts/alert_record";
import type { DriftRecord } from "../../drift/drift_record";
import type { OutlierRecord } from "../../outliers/outlier_record";
import type { DeadLetter } from "../../parse/inference_record";
import type { FeatureStatisticsRecord, StatisticsRecord } from "../../statistics/beam/statistics_record";
import type { MonitorResult } from "../results";

/** Every metric's name starts with this, so a dashboard can find them all. */
export const METRIC_PREFIX = "model_monitor_";

/**
 * The job's results as Prometheus metrics. Gauges hold the latest window's
 * value per series (a late pane of an older window never overwrites a newer
 * window's); counters count records. Labels are the model, feature, metric,
 * method, rule, severity and reason — all bounded by the spec and the code,
 * never a request id or a category value.
 */
export class MonitorMetrics {
  readonly registry = new Registry();
  /** Per gauge series, the start (ms) of the window its value is from. */
  private readonly windowOfSeries: Record<string, number> = {};

  private readonly driftValue = this.gauge(
    "drift_value",
    "Latest window's drift metric value: a distance, or a test's statistic.",
    ["model", "feature", "metric"],
  );
  private readonly driftPValue = this.gauge(
    "drift_p_value",
    "Latest window's test p-value after the spec's multiple-testing correction (tests only).",
    ["model", "feature", "metric"],
  );
  private readonly driftThreshold = this.gauge(
    "drift_threshold",
    "The drift metric's threshold: a distance drifts above it, a test's p-value below it.",
    ["model", "feature", "metric"],
  );
  private readonly drifted = this.gauge(
    "drifted",
    "1 if the latest window drifted on this metric, 0 if not; absent without a verdict.",
    ["model", "feature", "metric"],
  );
  private readonly windowValues = this.gauge(
    "window_values",
    "Values present in the latest window (statistics `count`).",
    ["model", "feature"],
  );
  private readonly windowMissing = this.gauge(
    "window_missing_values",
    "Records without a value in the latest window (statistics `missing`).",
    ["model", "feature"],
  );
  private readonly windowMean = this.gauge(
    "window_mean",
    "Mean of a numerical feature in the latest window.",
    ["model", "feature"],
  );
  private readonly windowEnd = this.gauge(
    "window_end_timestamp_seconds",
    "Event-time end of the latest window with results; time() minus this is how far results trail.",
    ["model"],
  );
  private readonly outliers = this.counter(
    "outliers_total",
    "Flagged (record instance, feature, method) outliers.",
    ["model", "feature", "method"],
  );
  private readonly alerts = this.counter(
    "alerts_total",
    "Alerts, counted once per window (its final pane).",
    ["model", "feature", "rule", "severity"],
  );
  private readonly deadLetters = this.counter(
    "dead_letters_total",
    "Input events that could not be parsed, by reason.",
    ["reason"],
  );
  private readonly results = this.counter("results_total", "Result records written, by kind.", ["kind"]);
  private readonly sinkErrors = this.counter(
    "sink_errors_total",
    "Failed writes to a sink (the job stops on one, so it is at most 1 per run and sink).",
    ["sink"],
  );

  private readonly sourceRecords = this.counter(
    "source_records_total",
    "Input events read from the source (log lines or Kafka records), good and bad.",
    ["model"],
  );
  private readonly watermarkLag = this.gauge(
    "watermark_lag_seconds",
    "Wall-clock time minus the source watermark: how far event time trails now.",
    ["model"],
  );
  private readonly lateRecordsDropped = this.counter(
    "late_records_dropped_total",
    "Records dropped because their window had expired (past end + watermark delay + allowed lateness).",
    ["model"],
  );
  private readonly consumerLag = this.gauge(
    "consumer_lag_records",
    "Records in a source partition not yet read: the Kafka high watermark minus the next offset to read.",
    ["model", "partition"],
  );
  private readonly bundleDuration = new Histogram({
    name: METRIC_PREFIX + "bundle_duration_seconds",
    help: "Wall-clock time per bundle, from its elements entering the pipeline to its results being written.",
    labelNames: ["model"],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    registers: [this.registry],
  });
  /** Per model, the run's late-drop total reported so far: the counter advances by the difference. */
  private readonly lateRecordsReported: Record<string, number> = {};

  /**
   * The job's own health after a bundle (direct runner): the events it read,
   * the source watermark, its duration, each source partition's backlog, and
   * the run's late drops so far.
   */
  bundleFinished(
    model: string,
    bundle: {
      sourceElements: number;
      watermarkMs: number;
      durationMs: number;
      backlog: Record<string, number>;
      droppedLate: number;
    },
    nowMs: number,
  ): void {
    this.lateRecordsDroppedSoFar(model, bundle.droppedLate);
    for (const [partition, records] of Object.entries(bundle.backlog)) {
      this.consumerLag.set({ model, partition }, records);
    }
    if (bundle.sourceElements > 0) this.sourceRecords.inc({ model }, bundle.sourceElements);
    if (Number.isFinite(bundle.watermarkMs)) {
      this.watermarkLag.set({ model }, Math.max(0, nowMs - bundle.watermarkMs) / 1000);
    }
    this.bundleDuration.observe({ model }, bundle.durationMs / 1000);
  }

  /** The run's total of records dropped as too late, so far: the counter advances by the difference. */
  private lateRecordsDroppedSoFar(model: string, total: number): void {
    const increase = total - (this.lateRecordsReported[model] ?? 0);
    if (increase > 0) {
      this.lateRecordsDropped.inc({ model }, increase);
      this.lateRecordsReported[model] = total;
    }
  }

  observe(result: MonitorResult): void {
    this.results.inc({ kind: result.kind });
    if (result.kind === "drift") this.observeDrift(result as DriftRecord);
    else if (result.kind === "statistics") this.observeStatistics(result as StatisticsRecord);
    else if (result.kind === "outlier") {
      const outlier = result as OutlierRecord;
      this.outliers.inc({ model: outlier.model, feature: outlier.feature, method: outlier.method });
    } else if (result.kind === "alert") {
      const alert = result as AlertRecord;
      if (alert.pane.final) {
        this.alerts.inc({
          model: alert.model,
          feature: alert.feature,
          rule: alert.rule,
          severity: alert.severity,
        });
      }
    } else if (result.kind === "deadletter") this.deadLetters.inc({ reason: (result as DeadLetter).reason });
  }

  /** Counts a failed write; `sink` is its kind and position in the spec, e.g. "kafka#2". */
  sinkError(sink: string): void {
    this.sinkErrors.inc({ sink });
  }

  private observeDrift(drift: DriftRecord) {
    const labels = { model: drift.model, feature: drift.feature, metric: drift.metric };
    if (!this.isLatest(`drift|${drift.model}|${drift.feature}|${drift.metric}`, drift.window.start)) return;
    this.driftThreshold.set(labels, drift.threshold);
    setOrRemove(this.driftValue, labels, drift.value);
    setOrRemove(this.driftPValue, labels, drift.adjustedPValue ?? drift.pValue ?? null);
    setOrRemove(this.drifted, labels, drift.drifted === null ? null : Number(drift.drifted));
  }

  private observeStatistics(statistics: StatisticsRecord) {
    const windowEndSeconds = Date.parse(statistics.window.end) / 1000;
    if (this.isLatest(`window|${statistics.model}`, statistics.window.start)) {
      this.windowEnd.set({ model: statistics.model }, windowEndSeconds);
    }
    if (statistics.type === "correlation") return;
    const feature = statistics as FeatureStatisticsRecord;
    const labels = { model: feature.model, feature: feature.feature };
    if (!this.isLatest(`statistics|${feature.model}|${feature.feature}`, feature.window.start)) return;
    this.windowValues.set(labels, feature.count);
    this.windowMissing.set(labels, feature.missing);
    if (feature.type === "numerical") setOrRemove(this.windowMean, labels, feature.mean);
  }

  /** Whether a record of this window may set the series: its window is the newest seen (or the same, a later pane). */
  private isLatest(series: string, windowStart: string): boolean {
    const startMs = Date.parse(windowStart);
    const seen = this.windowOfSeries[series];
    if (seen !== undefined && startMs < seen) return false;
    this.windowOfSeries[series] = startMs;
    return true;
  }

  private gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
    return new Gauge({ name: METRIC_PREFIX + name, help, labelNames, registers: [this.registry] });
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name: METRIC_PREFIX + name, help, labelNames, registers: [this.registry] });
  }
}

/** A gauge without a value (no verdict, an empty window) is removed rather than left at a stale one. */
function setOrRemove<L extends string>(
  gauge: Gauge<L>,
  labels: Record<L, string>,
  value: number | null,
): void {
  if (value === null || !Number.isFinite(value)) gauge.remove(labels);
  else gauge.set(labels, value);
}
