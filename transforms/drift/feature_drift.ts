import type { FeatureBaseline } from "../baseline/baseline_profile";
import type { FeatureStatistics } from "../statistics/feature_statistics";
import { DriftInputError, FeatureDistribution } from "./distributions";
import type { DriftCheck } from "./drift_plan";
import { categoricalDistribution, numericalDistribution } from "./from_accumulators";
import { CalibratedMetric, nullThreshold } from "./null_threshold";
import { DriftMetric, distributionPair, driftMetric } from "./registry";

/** One metric's comparison of one feature's window with its baseline, before any multiple-testing correction. */
export interface FeatureDriftResult {
  feature: string;
  metric: DriftCheck["metric"];
  /** The distance, or the test's statistic; null when there is no verdict (see `reason`). */
  value: number | null;
  /** A test's p-value, before correction. */
  pValue?: number;
  threshold: number;
  /**
   * The threshold that decided at this window's size: α for a test; for a
   * calibrated distance max(threshold, nullQuantile); else the threshold.
   */
  effectiveThreshold: number;
  /** A calibrated distance's null (1 − α) quantile at this window's size (null_threshold.ts). */
  nullQuantile?: number;
  /** How the verdict was reached, in words: the p-value's method and inputs, or the threshold's rule. */
  method?: string;
  /** Whether the verdict reads the p-value (a test) or the value (a distance). */
  test: boolean;
  /** The window's values of the feature (present, not missing). */
  sampleSize: number;
  /** Why there is no verdict: too few values, or inputs the metric cannot compare. */
  reason?: string;
  /** What the metric says besides value and p-value (method, degrees of freedom, error bound, …). */
  details?: Record<string, unknown>;
}

/** A window's (or a data set's) accumulator as what drift metrics read; undefined while empty. */
export function distributionOf(statistics: FeatureStatistics): FeatureDistribution | undefined {
  const bound = statistics.boundStatistics();
  if (bound === undefined) return undefined;
  if (bound.type === "categorical") return categoricalDistribution(bound.statistics.categoryFrequencies());
  const parts = bound.statistics.parts();
  if (parts.histogram === undefined) {
    throw new DriftInputError(`"${bound.feature}" has no histogram to compare (statistics.histogram is off)`);
  }
  return numericalDistribution({
    histogram: parts.histogram,
    quantiles: parts.quantiles,
    moments: parts.moments,
  });
}

const baselineDistributions = new WeakMap<FeatureBaseline, FeatureDistribution>();

/**
 * A feature's baseline accumulators as what drift metrics read. Built once
 * per baseline object (a sketch's sorted view is the costly part) and shared
 * by every window compared with it: callers must not modify it.
 */
export function baselineDistribution(baseline: FeatureBaseline): FeatureDistribution {
  let distribution = baselineDistributions.get(baseline);
  if (distribution === undefined) {
    distribution =
      baseline.type === "numerical"
        ? numericalDistribution(baseline)
        : categoricalDistribution(baseline.frequencies);
    baselineDistributions.set(baseline, distribution);
  }
  return distribution;
}

/** Every check of a feature without a verdict, for too few values. */
export function insufficientData(
  feature: string,
  checks: readonly DriftCheck[],
  sampleSize: number,
  minSamples: number,
): FeatureDriftResult[] {
  const reason = `insufficient data: ${sampleSize} values, fewer than drift.minSamples = ${minSamples}`;
  return checks.map((check) => ({ ...labelsOf(feature, check, sampleSize), value: null, reason }));
}

/**
 * Every check of one feature: the window's values against the baseline's.
 * A window with fewer than `minSamples` values gets no verdict ("insufficient
 * data"), nor does one a metric cannot compare (DriftInputError, e.g. an
 * empty baseline side): the reason is in the result, and the job goes on.
 */
export function featureDrift(
  feature: string,
  checks: readonly DriftCheck[],
  baseline: FeatureBaseline,
  window: FeatureStatistics,
  minSamples: number,
): FeatureDriftResult[] {
  const sampleSize = window.valueCount();
  // minSamples ≥ 1 (the spec's rule), so a window with values is bound and has a distribution.
  const current = sampleSize >= minSamples ? distributionOf(window) : undefined;
  if (current === undefined) return insufficientData(feature, checks, sampleSize, minSamples);
  const pair = distributionPair(baselineDistribution(baseline), current);
  return checks.map((check) => {
    const labels = labelsOf(feature, check, sampleSize);
    try {
      const metric = driftMetric(check.metric);
      const result = metric.compute(pair) as { value: number; pValue?: number };
      const details: Record<string, unknown> = { ...result };
      delete details.value;
      delete details.pValue;
      const decision = decisionOf(check, metric, pair.baseline, sampleSize, result.value, details);
      return {
        ...labels,
        ...decision,
        value: result.value,
        ...(result.pValue === undefined ? {} : { pValue: result.pValue }),
        ...(Object.keys(details).length === 0 ? {} : { details }),
      };
    } catch (error) {
      if (!(error instanceof DriftInputError)) throw error;
      return { ...labels, value: null, reason: error.message };
    }
  });
}

/** The threshold in force at this window's size, and the method in words. */
function decisionOf(
  check: DriftCheck,
  metric: DriftMetric,
  baseline: FeatureDistribution,
  sampleSize: number,
  value: number,
  details: Record<string, unknown>,
): Pick<FeatureDriftResult, "effectiveThreshold" | "nullQuantile" | "method"> {
  if (metric.driftWhen === "pValueBelowThreshold") {
    return { effectiveThreshold: check.threshold, method: testMethod(check.metric, details) };
  }
  if (check.calibrateAt === undefined || metric.nullScaling === undefined) {
    return { effectiveThreshold: check.threshold, method: "fixed threshold" };
  }
  // max(threshold, q) ≥ threshold: a value at or below the threshold is "no drift" whatever q is, and the
  // bootstrap (the costly part) is not needed.
  if (!(value > check.threshold)) {
    return { effectiveThreshold: check.threshold, method: "value ≤ threshold (no null quantile needed)" };
  }
  const calibrated: CalibratedMetric = {
    name: check.metric,
    compute: (reference, window) => metric.compute(distributionPair(reference, window)),
    scaling: metric.nullScaling,
    draws: metric.reads,
  };
  const nullQuantile = nullThreshold(calibrated, baseline, sampleSize, check.calibrateAt);
  return {
    effectiveThreshold: Math.max(check.threshold, nullQuantile.value),
    nullQuantile: nullQuantile.value,
    method: `max(threshold, null ${1 - check.calibrateAt} quantile at nₑ = ${Math.round(nullQuantile.effectiveN)})`,
  };
}

/** A test's method in words: how its p-value was computed, and from what. */
function testMethod(metric: DriftCheck["metric"], details: Record<string, unknown>): string {
  if (metric === "ks") {
    const bound = details.rankErrorBound as number;
    const inputs = bound === 0 ? "exact samples" : `sketches, D within ±${bound.toPrecision(3)}`;
    return `${String(details.method)} p-value, ${inputs}`;
  }
  return `asymptotic p-value, χ² with ${String(details.degreesOfFreedom)} df, ${String(details.pooledOutcomes)} outcomes pooled`;
}

function labelsOf(feature: string, check: DriftCheck, sampleSize: number) {
  return {
    feature,
    metric: check.metric,
    threshold: check.threshold,
    effectiveThreshold: check.threshold,
    test: driftMetric(check.metric).driftWhen === "pValueBelowThreshold",
    sampleSize,
  };
}
