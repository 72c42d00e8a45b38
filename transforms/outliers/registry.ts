import type { BaselineProfile } from "../baseline/baseline_profile";
import { ALL_FEATURES, OutlierDetector, OutlierSpecError } from "./detector";
import { iqrDetector } from "./iqr";
import { mahalanobisDetector } from "./mahalanobis";
import type { OutlierMethod, OutlierSpec } from "./outlier_spec";
import { rangeDetector } from "./range";
import { unseenDetector } from "./unseen";
import { zscoreDetector } from "./zscore";

type DetectorBuilder<Method extends OutlierMethod> = (
  spec: Extract<OutlierSpec, { method: Method }>,
  profile: BaselineProfile,
) => OutlierDetector;

/** The detectors by the method name a spec uses; adding one is a file, a spec entry and a line here. */
export const OUTLIER_DETECTORS: { [Method in OutlierMethod]: DetectorBuilder<Method> } = {
  range: rangeDetector,
  zscore: zscoreDetector,
  iqr: iqrDetector,
  unseen: unseenDetector,
  mahalanobis: mahalanobisDetector,
};

/**
 * Builds the spec's `outliers` entries against the baseline, at pipeline
 * construction. Errors name the entry (`outliers[i]`), the method and the
 * feature; a (method, feature) pair checked by two entries is refused, since
 * its outlier records could not be told apart.
 */
export function buildOutlierDetectors(
  specs: readonly OutlierSpec[],
  profile: BaselineProfile,
): OutlierDetector[] {
  const checkedBy = new Map<string, number>();
  return specs.map((spec, index) => {
    let detector: OutlierDetector;
    try {
      detector = (OUTLIER_DETECTORS[spec.method] as DetectorBuilder<OutlierMethod>)(spec, profile);
    } catch (error) {
      if (!(error instanceof OutlierSpecError)) throw error;
      throw new OutlierSpecError(`outliers[${index}]: ${error.message}`);
    }
    const checked = spec.method === "mahalanobis" ? [ALL_FEATURES] : detector.features;
    for (const feature of checked) {
      const key = `${spec.method} ${feature}`;
      const earlier = checkedBy.get(key);
      if (earlier !== undefined) {
        throw new OutlierSpecError(
          `outliers[${index}]: ${spec.method} already checks "${feature}" in outliers[${earlier}]`,
        );
      }
      checkedBy.set(key, index);
    }
    return detector;
  });
}
