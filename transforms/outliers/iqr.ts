import type { BaselineProfile } from "../baseline/baseline_profile";
import { OutlierDetector, finiteValue, perFeatureDetector, selectFeatures } from "./detector";
import type { IqrSpec } from "./outlier_spec";

/**
 * `iqr`: Tukey's fences (Tukey, "Exploratory Data Analysis", 1977): flagged
 * outside [Q1 − k·IQR, Q3 + k·IQR], IQR = Q3 − Q1, default k = 1.5. Score: the
 * distance beyond the quartile box in IQRs, (Q1 − x)/IQR below it,
 * (x − Q3)/IQR above it, 0 inside; threshold k, so a value exactly on a fence
 * is not flagged.
 *
 * Q1 and Q3 are the baseline quantile sketch's nearest-rank quartiles: exact
 * while the baseline had at most k_KLL values (200 by default), otherwise
 * within the sketch's rank error (1.33 % at k_KLL = 200). Needs the sketch
 * (an imported reference-system baseline has none) and IQR > 0.
 */
export function iqrDetector(spec: IqrSpec, profile: BaselineProfile): OutlierDetector {
  const threshold = spec.k;
  const selected = selectFeatures("iqr", spec.features, profile, "numerical", (feature, baseline) => {
    if (baseline.quantiles === undefined) return "the baseline has no quantile sketch (use range or zscore)";
    const q1 = baseline.quantiles.quantile(0.25);
    const q3 = baseline.quantiles.quantile(0.75);
    if (q1 === null || q3 === null) return "the baseline has no values";
    if (q3 === q1) return `its baseline interquartile range is 0 (Q1 = Q3 = ${q1}), so it has no scale`;
    return { feature, q1, q3, iqr: q3 - q1 };
  });
  return perFeatureDetector("iqr", selected, threshold, finiteValue, (check, x) =>
    x < check.q1 ? (check.q1 - x) / check.iqr : x > check.q3 ? (x - check.q3) / check.iqr : 0,
  );
}
