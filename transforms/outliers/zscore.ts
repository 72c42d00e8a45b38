import type { BaselineProfile } from "../baseline/baseline_profile";
import { OutlierDetector, finiteValue, perFeatureDetector, selectFeatures } from "./detector";
import type { ZscoreSpec } from "./outlier_spec";

/**
 * `zscore`: score |x − x̄| / s with the baseline mean x̄ and sample standard
 * deviation s = √(Σ(x − x̄)²/(n − 1)); flagged when above `threshold`
 * (default 3, the reference system's mean ± 3σ). Needs n ≥ 2 and s > 0: a
 * constant baseline feature has no scale (use `range` for it).
 */
export function zscoreDetector(spec: ZscoreSpec, profile: BaselineProfile): OutlierDetector {
  const threshold = spec.threshold;
  const selected = selectFeatures("zscore", spec.features, profile, "numerical", (feature, baseline) => {
    const { count, mean, sampleStddev } = baseline.moments.result();
    if (mean === null || sampleStddev === null) return `the baseline has ${count} value(s), z-scores need 2`;
    if (sampleStddev === 0)
      return `it is constant (${mean}) in the baseline, so it has no standard deviation`;
    return { feature, mean, stddev: sampleStddev };
  });
  return perFeatureDetector(
    "zscore",
    selected,
    threshold,
    finiteValue,
    (check, x) => Math.abs(x - check.mean) / check.stddev,
  );
}
