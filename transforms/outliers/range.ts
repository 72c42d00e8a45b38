import type { BaselineProfile } from "../baseline/baseline_profile";
import { OutlierDetector, finiteValue, perFeatureDetector, selectFeatures } from "./detector";
import type { RangeSpec } from "./outlier_spec";

/**
 * `range`: a value outside the baseline's [min, max] (the reference system's
 * rule). Score: how far outside, in the feature's units,
 * max(min − x, x − max, 0); threshold 0, so min and max themselves are inside.
 */
export function rangeDetector(spec: RangeSpec, profile: BaselineProfile): OutlierDetector {
  const selected = selectFeatures("range", spec.features, profile, "numerical", (feature, baseline) => {
    const { min, max } = baseline.moments.result();
    return min === null || max === null ? "the baseline has no values" : { feature, min, max };
  });
  return perFeatureDetector("range", selected, 0, finiteValue, (check, x) =>
    x < check.min ? check.min - x : x > check.max ? x - check.max : 0,
  );
}
