import type { BaselineProfile } from "../baseline/baseline_profile";
import { OutlierDetector, OutlierFinding, finiteValue, selectFeatures } from "./detector";
import type { RangeSpec } from "./outlier_spec";

/**
 * `range`: a value outside the baseline's [min, max] (the reference system's
 * rule). Score: how far outside, in the feature's units,
 * max(min − x, x − max, 0); threshold 0, so min and max themselves are inside.
 */
export function rangeDetector(spec: RangeSpec, profile: BaselineProfile): OutlierDetector {
  const { checks, skipped } = selectFeatures(
    "range",
    spec.features,
    profile,
    "numerical",
    (feature, baseline) => {
      const { min, max } = baseline.moments.result();
      return min === null || max === null ? "the baseline has no values" : { feature, min, max };
    },
  );
  return {
    method: "range",
    features: checks.map((check) => check.feature),
    skipped,
    notes: [],
    detect: (values) => {
      const findings: OutlierFinding[] = [];
      for (const check of checks) {
        const x = finiteValue(values[check.feature]);
        if (x === undefined) continue;
        const score = x < check.min ? check.min - x : x > check.max ? x - check.max : 0;
        if (score > 0)
          findings.push({ feature: check.feature, value: x, method: "range", score, threshold: 0 });
      }
      return findings;
    },
  };
}
