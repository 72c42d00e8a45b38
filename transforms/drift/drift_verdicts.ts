import type { PValueCorrection } from "../../pipelines/spec/drift_spec";
import { adjustPValues } from "./correction";
import type { FeatureDriftResult } from "./feature_drift";

/** A comparison with its verdict: what a `drift` record says besides its labels. */
export interface DriftVerdict {
  feature: string;
  metric: FeatureDriftResult["metric"];
  value: number | null;
  pValue?: number;
  /** The p-value after the spec's `drift.correction` over the window's tests; absent for `none`. */
  adjustedPValue?: number;
  threshold: number;
  /** value > threshold (distance) or adjusted p < threshold (test); null without a verdict (`reason`). */
  drifted: boolean | null;
  reason?: string;
  sampleSize: number;
  details?: Record<string, unknown>;
}

/**
 * Verdicts for every comparison of one window (or one `compare` run): the
 * tests among them (a p-value and a verdict to give) are one family for the
 * multiple-testing correction, so its bound holds per window across
 * features, the prediction and test metrics.
 */
export function driftVerdicts(
  results: readonly FeatureDriftResult[],
  correction: PValueCorrection,
): DriftVerdict[] {
  const family = results.flatMap((result, i) => (result.test && result.pValue !== undefined ? [i] : []));
  const adjusted = adjustPValues(
    family.map((i) => results[i].pValue as number),
    correction,
  );
  const adjustedOf = new Map(family.map((index, k) => [index, adjusted[k]]));
  return results.map((result, i) => {
    const adjustedPValue = correction === "none" ? undefined : adjustedOf.get(i);
    const decidingPValue = adjustedPValue ?? result.pValue;
    const drifted =
      result.value === null
        ? null
        : result.test
          ? decidingPValue !== undefined && decidingPValue < result.threshold
          : result.value > result.threshold;
    return {
      feature: result.feature,
      metric: result.metric,
      value: result.value,
      ...(result.pValue === undefined ? {} : { pValue: result.pValue }),
      ...(adjustedPValue === undefined ? {} : { adjustedPValue }),
      threshold: result.threshold,
      drifted,
      ...(result.reason === undefined ? {} : { reason: result.reason }),
      sampleSize: result.sampleSize,
      ...(result.details === undefined ? {} : { details: result.details }),
    };
  });
}
