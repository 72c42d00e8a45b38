import { type DriftSpec, type TypedFeature, driftEntry } from "../../pipelines/spec/drift_spec";
import type { BaselineProfile, FeatureBaseline } from "../baseline/baseline_profile";
import { DRIFT_METRICS, DriftMetricName, driftMetric } from "./registry";
import { monitoredFeatures } from "../../pipelines/spec/monitored_features";

/** One metric comparing one feature, with its threshold decided. */
export interface DriftCheck {
  metric: DriftMetricName;
  /** The spec's threshold (or the metric's default): α for a test, a value for a distance. */
  threshold: number;
  /** A distance calibrated to its null distribution: the false-alarm level α; absent for tests and fixed thresholds. */
  calibrateAt?: number;
}

/** What drift compares, decided once when the pipeline (or `compare`) is built. */
export interface DriftPlan {
  /** Per feature or prediction, in spec order, the metrics that compare it; only features with some. */
  features: { feature: string; checks: DriftCheck[] }[];
  minSamples: number;
  correction: DriftSpec["correction"];
  /** Features a metric left out of its default list because the baseline cannot support it, and why. */
  skipped: { metric: DriftMetricName; feature: string; reason: string }[];
}

/** A drift entry the baseline profile cannot support; the message names the entry, metric and feature. */
export class DriftSpecError extends Error {
  readonly retriable = false;
  constructor(message: string) {
    super(message);
    this.name = "DriftSpecError";
  }
}

/** Why the baseline cannot support the metric on this feature; undefined when it can. */
function unsupported(metric: DriftMetricName, baseline: FeatureBaseline | undefined): string | undefined {
  if (baseline === undefined) return "the baseline profile does not have it";
  const types: readonly string[] = DRIFT_METRICS[metric].featureTypes;
  if (!types.includes(baseline.type)) return `it is ${baseline.type} in the baseline profile`;
  // The numerical-only metrics compare CDFs, which an imported reference-system baseline lacks.
  if (baseline.type === "numerical" && !types.includes("categorical") && baseline.quantiles === undefined) {
    return "its baseline has no quantile sketch (an imported reference-system baseline)";
  }
  return undefined;
}

/**
 * The spec's `drift:` section against its baseline profile. A metric without
 * `features` compares every feature and the prediction of its types that the
 * baseline supports (the others are listed in `skipped`); a listed feature
 * the baseline cannot support is an error naming `drift.metrics[i]`.
 */
export function driftPlan(
  spec: { features: readonly TypedFeature[]; prediction?: TypedFeature; drift: DriftSpec },
  baseline: BaselineProfile,
): DriftPlan {
  const all = monitoredFeatures(spec);
  const checks = new Map<string, DriftCheck[]>(all.map((feature) => [feature.name, []]));
  const skipped: DriftPlan["skipped"] = [];
  spec.drift.metrics.forEach((entry, index) => {
    const { features, threshold } = driftEntry(entry, all);
    if (threshold === null)
      throw new DriftSpecError(`drift.metrics[${index}]: ${entry.name} needs a threshold`);
    for (const feature of features) {
      const reason = unsupported(entry.name, baseline.features[feature]);
      const calibrated = driftMetric(entry.name).nullScaling !== undefined && !entry.fixedThreshold;
      const check = {
        metric: entry.name,
        threshold,
        ...(calibrated ? { calibrateAt: spec.drift.alpha } : {}),
      };
      if (reason === undefined) checks.get(feature)?.push(check);
      else if (entry.features === undefined) skipped.push({ metric: entry.name, feature, reason });
      else
        throw new DriftSpecError(
          `drift.metrics[${index}]: ${entry.name} cannot compare "${feature}": ${reason}`,
        );
    }
  });
  return {
    features: [...checks]
      .filter((entry) => entry[1].length > 0)
      .map((entry) => ({ feature: entry[0], checks: entry[1] })),
    minSamples: spec.drift.minSamples,
    correction: spec.drift.correction,
    skipped,
  };
}
