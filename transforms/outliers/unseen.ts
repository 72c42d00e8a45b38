import type { BaselineProfile } from "../baseline/baseline_profile";
import { partitionPoint } from "../statistics/partition_point";
import { OutlierDetector, perFeatureDetector, selectFeatures } from "./detector";
import type { UnseenSpec } from "./outlier_spec";

/**
 * `unseen`: a categorical value that never occurred in the baseline. Score 1
 * (an indicator), threshold 0. Values are compared in their string form, as
 * the baseline's CategoryFrequencies counted them (the number 3 is "3").
 *
 * "Never seen" is decidable only while the baseline's frequencies are exact
 * (at most `capacity` distinct categories, 1000 by default). Past that, the
 * Misra–Gries summary forgets rare categories: one not among its counters may
 * still have occurred up to `maxUndercount` times. Such a feature is refused
 * (or skipped when the spec lists no features): rebuild the baseline with a
 * larger category capacity.
 */
export function unseenDetector(spec: UnseenSpec, profile: BaselineProfile): OutlierDetector {
  const selected = selectFeatures("unseen", spec.features, profile, "categorical", (feature, baseline) => {
    const { count, exact, maxUndercount, frequencies } = baseline.frequencies.result();
    if (count === 0) return "the baseline has no values";
    if (!exact) {
      return (
        `its baseline category frequencies are not exact (more than ${baseline.frequencies.capacity} ` +
        `categories): a category not tracked may have occurred up to ${maxUndercount} times, so "never seen" ` +
        `cannot be decided; rebuild the baseline with a larger category capacity`
      );
    }
    return { feature, seen: Object.keys(frequencies).sort() };
  });
  return perFeatureDetector(
    "unseen",
    selected,
    0,
    (value) => value ?? undefined,
    (check, value) => {
      const category = String(value);
      return check.seen[partitionPoint(check.seen, (seen) => seen < category)] === category ? 0 : 1;
    },
  );
}
