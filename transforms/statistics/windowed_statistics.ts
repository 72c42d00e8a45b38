import * as beam from "apache-beam";
import { combinePerKey } from "apache-beam/transforms/internal";
import { requireForSerialization } from "apache-beam/serialization";
import type { FeatureDriftResult } from "../drift/feature_drift";
import type { InferenceRecord } from "../parse/inference_record";
import * as windowLabels from "../io/window_labels";
import * as statistics from ".";
import { accumulatorCombineFn } from "./beam/accumulator_combine_fn";
import { featureObservations, numericalRows } from "./beam/feature_values";
import type { CorrelationRecord, FeatureStatisticsRecord, StatisticsRecord } from "./beam/statistics_record";
import type { StatisticsPlan } from "./statistics_plan";

// The combines create accumulator classes, and labelling reads Beam windows,
// on workers: both modules travel by reference, not copied into closures.
requireForSerialization("beam-model-monitor/transforms/statistics", statistics);
requireForSerialization("beam-model-monitor/transforms/io/window_labels", windowLabels);

interface WindowContext {
  window: beam.ParDoLookupParam<beam.Window>;
  pane: beam.ParDoLookupParam<beam.PaneInfo>;
}

/** The key, and the `feature` field, of the per-window correlation record. */
const ALL_NUMERICAL_FEATURES = "*";

/** A feature window's drift against the baseline, worked out from its accumulator; undefined for a feature drift does not compare. */
export type WindowDriftOf = (accumulator: statistics.FeatureStatistics) => FeatureDriftResult[] | undefined;

/**
 * What the per-feature combine emits per (feature, window pane): the
 * statistics, and — when drift is on — the window's drift results, computed
 * from the accumulator in the combine itself, so the accumulator never leaves it.
 */
export interface FeatureWindow {
  statistics: statistics.FeatureStatisticsResult | undefined;
  drift?: FeatureDriftResult[];
}

/** The statistics records, and the per-feature combine's output that other windowed results derive from. */
// A type, not an interface: Beam's PValue needs an index signature, which only type literals have implicitly.
export type WindowedFeatureStatistics = {
  statistics: beam.PCollection<StatisticsRecord>;
  /** Keyed by feature; windowed and paned like the statistics records. */
  featureWindows: beam.PCollection<beam.KV<string, FeatureWindow>>;
};

/** Per (feature, window pane) one `statistics` record, and per window pane one correlation record (see windowedFeatureStatistics). */
export function windowedStatistics(
  model: string,
  plan: StatisticsPlan,
  windowShiftMs: number,
): beam.PTransform<beam.PCollection<InferenceRecord>, beam.PCollection<StatisticsRecord>> {
  return beam.withName(
    "windowedStatistics",
    (records: beam.PCollection<InferenceRecord>) =>
      records.apply(windowedFeatureStatistics(model, plan, windowShiftMs)).statistics,
  );
}

/**
 * Per (feature, window pane) one `statistics` record, and per window pane one
 * correlation record when the plan asks for it; also the per-feature
 * combine's output (`featureWindows`), which carries each window's drift
 * results when `driftOf` is given (see windowedDrift), computed from the same
 * accumulators instead of combining again. Input records must be
 * windowed already; `windowShiftMs` undoes the windowing's timestamp shift
 * (see windowingFor) so records report the log's own event-time window.
 *
 * One combine per stream: every feature's observations go through a single
 * combinePerKey keyed by feature, whose accumulator is the feature's
 * composite FeatureStatistics (moments, quantile sketch, histogram, or
 * frequencies and distinct count). One combine per statistic would send each
 * observation through several shuffles and keep as many accumulators per key;
 * keyed by feature, the features of a window spread over workers, and the
 * accumulator is bounded by the plan, never by the number of records.
 * Correlation needs whole rows, not per-feature values, so it is a second
 * combine with one key per window (CoMoments over the numerical features).
 */
export function windowedFeatureStatistics(
  model: string,
  plan: StatisticsPlan,
  windowShiftMs: number,
  driftOf?: WindowDriftOf,
): beam.PTransform<beam.PCollection<InferenceRecord>, WindowedFeatureStatistics> {
  const featurePlans = plan.plans;
  const predictionName = plan.prediction;
  const correlated = plan.correlation;
  const labels = (context: WindowContext) => ({
    window: windowLabels.intervalOf(context.window.lookup(), windowShiftMs),
    pane: windowLabels.paneLabel(context.pane.lookup()),
  });
  const combineFn = accumulatorCombineFn("featureStatistics", () =>
    statistics.FeatureStatistics.forFeatures(featurePlans),
  );
  const featureWindows = (records: beam.PCollection<InferenceRecord>) =>
    records.apply(featureObservations(plan.features, predictionName)).apply(
      beam.withName(
        "featureStatistics",
        combinePerKey<string, statistics.FeatureObservation, statistics.FeatureStatistics, FeatureWindow>({
          ...combineFn,
          extractOutput: (accumulator) => ({
            statistics: accumulator.result(),
            drift: driftOf?.(accumulator),
          }),
        }),
      ),
    );
  const featureRecords = (windows: beam.PCollection<beam.KV<string, FeatureWindow>>) =>
    windows.apply(
      beam.withName(
        "featureStatisticsRecord",
        beam.parDo<beam.KV<string, FeatureWindow>, FeatureStatisticsRecord, WindowContext>(
          {
            process: function* (feature, context) {
              // Nothing accumulated: only an empty pane of discarding windows (the spec's panes accumulate).
              if (feature.value.statistics === undefined) return;
              yield {
                kind: "statistics",
                model,
                feature: feature.key,
                role: feature.key === predictionName ? "prediction" : "feature",
                ...labels(context),
                ...feature.value.statistics,
                emittedAt: new Date().toISOString(),
              };
            },
          },
          { window: beam.windowParam(), pane: beam.paneInfoParam() },
        ),
      ),
    );
  const correlation = (records: beam.PCollection<InferenceRecord>) =>
    records
      .apply(numericalRows(correlated, ALL_NUMERICAL_FEATURES))
      .apply(
        beam.withName(
          "correlation",
          combinePerKey(accumulatorCombineFn("coMoments", () => new statistics.CoMoments(correlated))),
        ),
      )
      .apply(
        beam.withName(
          "correlationRecord",
          beam.parDo<beam.KV<string, statistics.CoMomentsResult>, CorrelationRecord, WindowContext>(
            {
              process: function* (window, context) {
                const { features, correlation, covariance, counts } = window.value;
                // Nothing accumulated (every count 0): skipped, as featureStatisticsRecord skips an empty
                // accumulator. Beam's Flink runner in streaming mode emits such a group per window beside the
                // real one, with the same window and pane, which a consumer keeping the latest pane would take
                // (docs/flink.md, "What differs from the direct runner").
                if (counts.every((row) => row.every((count) => count === 0))) return;
                yield {
                  kind: "statistics",
                  model,
                  feature: ALL_NUMERICAL_FEATURES,
                  ...labels(context),
                  type: "correlation",
                  correlation: { features, pearson: correlation, covariance, counts },
                  emittedAt: new Date().toISOString(),
                };
              },
            },
            { window: beam.windowParam(), pane: beam.paneInfoParam() },
          ),
        ),
      );
  return beam.withName("windowedFeatureStatistics", (records: beam.PCollection<InferenceRecord>) => {
    const windows = featureWindows(records);
    const perFeature: beam.PCollection<StatisticsRecord> = featureRecords(windows);
    const all =
      correlated.length === 0
        ? perFeature
        : beam
            .P([perFeature, correlation(records)])
            .apply(beam.withName("statisticsRecords", beam.flatten()));
    return { statistics: all, featureWindows: windows };
  });
}
