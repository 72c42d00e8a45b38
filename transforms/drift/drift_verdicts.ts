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
  /** The spec's threshold (or the metric's default): α for a test. */
  threshold: number;
  /** What decided at this window's size: α for a test, max(threshold, nullQuantile) for a calibrated distance. */
  effectiveThreshold: number;
  /** A calibrated distance's null (1 − α) quantile at this window's size. */
  nullQuantile?: number;
  /** How the p-value or the threshold was obtained (exact / asymptotic, exact samples / sketches, null quantile). */
  method?: string;
  /** value > effectiveThreshold (distance) or (adjusted) p < threshold (test); null without a verdict (`reason`). */
  drifted: boolean | null;
  /**
   * A test on sketches whose p-value range (the rank error's interval of D,
   * scaled as the correction scaled the p-value) straddles the threshold: the
   * full data could have decided the other way. Absent when decided.
   */
  uncertain?: true;
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
          ? decidingPValue !== undefined && decidingPValue < result.effectiveThreshold
          : result.value > result.effectiveThreshold;
    const range = result.details?.pValueRange as [number, number] | undefined;
    const scale = result.pValue && decidingPValue !== undefined ? decidingPValue / result.pValue : 1;
    const uncertain =
      drifted !== null &&
      range !== undefined &&
      Math.min(1, range[0] * scale) < result.effectiveThreshold &&
      Math.min(1, range[1] * scale) >= result.effectiveThreshold;
    return {
      feature: result.feature,
      metric: result.metric,
      value: result.value,
      ...(result.pValue === undefined ? {} : { pValue: result.pValue }),
      ...(adjustedPValue === undefined ? {} : { adjustedPValue }),
      threshold: result.threshold,
      effectiveThreshold: result.effectiveThreshold,
      ...(result.nullQuantile === undefined ? {} : { nullQuantile: result.nullQuantile }),
      ...(result.method === undefined ? {} : { method: result.method }),
      drifted,
      ...(uncertain ? { uncertain: true as const } : {}),
      ...(result.reason === undefined ? {} : { reason: result.reason }),
      sampleSize: result.sampleSize,
      ...(result.details === undefined ? {} : { details: result.details }),
    };
  });
}
