import * as beam from "apache-beam";
import { requireForSerialization } from "apache-beam/serialization";
import { groupByKey } from "apache-beam/transforms/internal";
import type { WindowSpecMs } from "../../windowing/spec_windowing";
import * as baselineProfile from "../../baseline/baseline_profile";
import * as windowLabels from "../../io/window_labels";
import type { FeatureWindow, WindowDriftOf } from "../../statistics/windowed_statistics";
import { regroupWindowing, specWindows } from "../../windowing/regroup_windowing";
import type { DriftCheck, DriftPlan } from "../drift_plan";
import type { DriftRecord } from "../drift_record";
import * as driftVerdicts from "../drift_verdicts";
import * as featureDrift from "../feature_drift";

// The combine rebuilds the baseline (classes) and runs the metrics on workers, the DoFns call
// featureDrift and driftVerdicts: these modules travel by reference.
requireForSerialization("beam-model-monitor/transforms/baseline/baseline_profile", baselineProfile);
requireForSerialization("beam-model-monitor/transforms/drift/drift_verdicts", driftVerdicts);
requireForSerialization("beam-model-monitor/transforms/drift/feature_drift", featureDrift);
requireForSerialization("beam-model-monitor/transforms/io/window_labels", windowLabels);

/** One feature's comparisons in one upstream pane of a window. */
interface FeatureDriftPane {
  feature: string;
  paneIndex: number;
  results: featureDrift.FeatureDriftResult[];
}

/** Every feature's comparisons of a window go to one key, so that a window's tests are corrected together. */
const WINDOW_FAMILY = "drift";

function checksByFeature(plan: DriftPlan): Record<string, DriftCheck[]> {
  return Object.fromEntries(plan.features.map((entry) => [entry.feature, entry.checks]));
}

/**
 * What the per-feature combine (windowedFeatureStatistics) computes per
 * feature pane: each of the feature's metrics against the baseline
 * (featureDrift; "insufficient data" below drift.minSamples), from the
 * window's accumulator as it stands, with no copy of it.
 *
 * The baseline travels with the CombineFn as the JSON of the features compared
 * (plain data); on a worker it is rebuilt on first use, once per deserialized
 * fn, and so are its distributions (baselineDistribution).
 */
export function windowDriftOf(plan: DriftPlan, profile: baselineProfile.BaselineProfile): WindowDriftOf {
  const profileJson = baselineProfile.baselineProfileToJson(profile);
  const baseline: baselineProfile.BaselineProfileJson = {
    ...profileJson,
    features: Object.fromEntries(
      plan.features.map((entry) => [entry.feature, profileJson.features[entry.feature]]),
    ),
    coMoments: undefined,
  };
  const checksOf = checksByFeature(plan);
  const minSamples = plan.minSamples;
  return (accumulator) => {
    const feature = accumulator.feature;
    if (feature === undefined || !Object.hasOwn(checksOf, feature)) return undefined;
    const profiled = baselineProfile.cachedBaselineProfileFromJson(baseline).features[feature];
    return featureDrift.featureDrift(feature, checksOf[feature], profiled, accumulator, minSamples);
  };
}

/**
 * Per (feature or prediction, window pane, metric) one `drift` record, from
 * the drift results the per-feature combine computed (windowedFeatureStatistics
 * with windowDriftOf of the same plan): regrouped per window (regroupWindowing:
 * an on-time pane, and a closing one with late data), the latest pane of every
 * feature, corrected as one family (driftVerdicts) and written with the
 * regrouped pane's label.
 */
export function windowedDrift(
  model: string,
  plan: DriftPlan,
  predictionName: string | undefined,
  windowSpec: WindowSpecMs,
  windowShiftMs: number,
): beam.PTransform<beam.PCollection<beam.KV<string, FeatureWindow>>, beam.PCollection<DriftRecord>> {
  const checksOf = checksByFeature(plan);
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
                if (checks === undefined) return;
                const { statistics, drift } = window.value;
                if (statistics !== undefined && drift === undefined) {
                  throw new Error("windowedDrift needs windowedFeatureStatistics(…, windowDriftOf(plan, …))");
                }
                // An empty pane (discarding windows): its accumulator never learnt which feature it is.
                const results = drift ?? featureDrift.insufficientData(window.key, checks, 0, minSamples);
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
