import * as beam from "apache-beam";
import { requireForSerialization } from "apache-beam/serialization";
import { groupByKey } from "apache-beam/transforms/internal";
import type { WindowSpecMs } from "../../../runners/direct/windowing_for_spec";
import * as baselineProfile from "../../baseline/baseline_profile";
import * as windowLabels from "../../io/window_labels";
import * as statistics from "../../statistics";
import type { FeatureWindow } from "../../statistics/windowed_statistics";
import { regroupWindowing, specWindows } from "../../windowing/regroup_windowing";
import type { DriftPlan } from "../drift_plan";
import type { DriftRecord } from "../drift_record";
import * as driftVerdicts from "../drift_verdicts";
import * as featureDrift from "../feature_drift";

// The DoFns rebuild accumulators (classes) and run the metrics on workers: these modules travel by reference.
requireForSerialization("beam-model-monitor/transforms/baseline/baseline_profile", baselineProfile);
requireForSerialization("beam-model-monitor/transforms/drift/drift_verdicts", driftVerdicts);
requireForSerialization("beam-model-monitor/transforms/drift/feature_drift", featureDrift);
requireForSerialization("beam-model-monitor/transforms/io/window_labels", windowLabels);
requireForSerialization("beam-model-monitor/transforms/statistics", statistics);

/** One feature's comparisons in one upstream pane of a window. */
interface FeatureDriftPane {
  feature: string;
  paneIndex: number;
  results: featureDrift.FeatureDriftResult[];
}

/** Every feature's comparisons of a window go to one key, so that a window's tests are corrected together. */
const WINDOW_FAMILY = "drift";

/**
 * Per (feature or prediction, window pane, metric) one `drift` record, from
 * the per-feature combine's accumulators (windowedFeatureStatistics) against
 * the baseline profile — no second combine over the records.
 *
 * 1. Per feature pane, each of its metrics against the baseline
 *    (featureDrift; "insufficient data" below drift.minSamples).
 * 2. Regrouped per window (regroupWindowing: an on-time pane, and a closing
 *    one with late data), the latest pane of every feature, corrected as one
 *    family (driftVerdicts) and written with the regrouped pane's label.
 *
 * The baseline travels with the DoFn as the JSON of the features compared
 * (plain data), and its accumulators are rebuilt from it on the worker.
 */
export function windowedDrift(
  model: string,
  plan: DriftPlan,
  profile: baselineProfile.BaselineProfile,
  predictionName: string | undefined,
  windowSpec: WindowSpecMs,
  windowShiftMs: number,
): beam.PTransform<beam.PCollection<beam.KV<string, FeatureWindow>>, beam.PCollection<DriftRecord>> {
  const profileJson = baselineProfile.baselineProfileToJson(profile);
  const baseline: baselineProfile.BaselineProfileJson = {
    ...profileJson,
    features: Object.fromEntries(
      plan.features.map((entry) => [entry.feature, profileJson.features[entry.feature]]),
    ),
    coMoments: undefined,
  };
  const checksOf: Record<string, DriftPlan["features"][number]["checks"]> = Object.fromEntries(
    plan.features.map((entry) => [entry.feature, entry.checks]),
  );
  const featureOrder = plan.features.map((entry) => entry.feature);
  const minSamples = plan.minSamples;
  const correction = plan.correction;
  return beam.withName("windowedDrift", (featureWindows: beam.PCollection<beam.KV<string, FeatureWindow>>) =>
    featureWindows
      .apply(
        beam.withName(
          "featureDrift",
          beam.parDo<
            beam.KV<string, FeatureWindow>,
            beam.KV<string, FeatureDriftPane>,
            { pane: beam.ParDoLookupParam<beam.PaneInfo> }
          >(
            {
              process: function* (window, context) {
                const checks = checksOf[window.key];
                const accumulator = window.value.accumulator;
                if (checks === undefined) return;
                if (accumulator === undefined) {
                  throw new Error(
                    "windowedDrift needs windowedFeatureStatistics(…, keepAccumulators = true)",
                  );
                }
                const profiled = baselineProfile.cachedBaselineProfileFromJson(baseline).features[window.key];
                const results = featureDrift.featureDrift(
                  window.key,
                  checks,
                  profiled,
                  statistics.FeatureStatistics.fromJSON(accumulator),
                  minSamples,
                );
                const paneIndex = context.pane.lookup().index;
                yield { key: WINDOW_FAMILY, value: { feature: window.key, paneIndex, results } };
              },
            },
            { pane: beam.paneInfoParam() },
          ),
        ),
      )
      .apply(regroupWindowing("perWindow", windowSpec, specWindows(windowSpec)))
      .apply(groupByKey())
      .apply(
        beam.withName(
          "driftRecords",
          beam.parDo<
            beam.KV<string, Iterable<FeatureDriftPane>>,
            DriftRecord,
            { window: beam.ParDoLookupParam<beam.Window>; pane: beam.ParDoLookupParam<beam.PaneInfo> }
          >(
            {
              process: function* (family, context) {
                const latest = new Map<string, FeatureDriftPane>();
                for (const pane of family.value) {
                  const seen = latest.get(pane.feature);
                  if (seen === undefined || seen.paneIndex < pane.paneIndex) latest.set(pane.feature, pane);
                }
                const results = featureOrder.flatMap((feature) => latest.get(feature)?.results ?? []);
                const window = windowLabels.intervalOf(context.window.lookup(), windowShiftMs);
                const pane = windowLabels.paneLabel(context.pane.lookup());
                const emittedAt = new Date().toISOString();
                for (const verdict of driftVerdicts.driftVerdicts(results, correction)) {
                  const role = verdict.feature === predictionName ? "prediction" : "feature";
                  // Object.assign keeps the labels first in the record's key order.
                  const labels = {
                    kind: "drift" as const,
                    model,
                    feature: verdict.feature,
                    role,
                    window,
                    pane,
                  };
                  yield Object.assign(labels, verdict, { emittedAt }) as DriftRecord;
                }
              },
            },
            { window: beam.windowParam(), pane: beam.paneInfoParam() },
          ),
        ),
      ),
  );
}
