import { walkCdfs, totalWeight } from "./cdf_walk";
import { DriftInputError, WeightedSample, requireWeightedSample } from "./distributions";
import { DriftResult } from "./drift_result";

export interface WassersteinResult extends DriftResult {
  /**
   * Roughly how far `value` can be from W1 of the full data when the samples
   * are sketches: ε_b·range_b + ε_c·range_c, since a sketch's CDF is within
   * its rank error ε of the data's (99 % confidence at each point) and both
   * are 0 below the minimum and 1 above the maximum; the range is that of the
   * retained values. 0 for exact samples.
   */
  errorBound: number;
}

export interface NormedWassersteinResult extends WassersteinResult {
  /** W1 in feature units, before dividing by the baseline's standard deviation. */
  distance: number;
}

/**
 * First Wasserstein (earth mover's) distance between the baseline and current
 * samples, in the feature's units:
 *   W1 = ∫ |F_b(x) − F_c(x)| dx = Σ_k |F_b(x_k) − F_c(x_k)| · (x_{k+1} − x_k)
 * over the union's distinct values x_k, with F the weighted empirical CDFs
 * (Villani, Optimal Transport, 2009, remark 2.19; Ramdas, García Trillos &
 * Cuturi 2017). This is scipy.stats.wasserstein_distance with weights.
 * Range [0, ∞), symmetric, 0 iff the CDFs are equal; moving every value by c
 * gives |c|.
 */
export function wasserstein(baseline: WeightedSample, current: WeightedSample): WassersteinResult {
  requireWeightedSample("baseline", baseline);
  requireWeightedSample("current", current);
  const baselineTotal = totalWeight(baseline);
  const currentTotal = totalWeight(current);
  let distance = 0;
  let previousX = 0;
  let previousGap = 0;
  walkCdfs(baseline, current, (x, baselineWeight, currentWeight) => {
    distance += previousGap * (x - previousX);
    previousX = x;
    previousGap = Math.abs(baselineWeight / baselineTotal - currentWeight / currentTotal);
  });
  const spread = (sample: WeightedSample) => sample.values[sample.values.length - 1] - sample.values[0];
  return {
    value: distance,
    errorBound: baseline.rankError * spread(baseline) + current.rankError * spread(current),
  };
}

/**
 * W1 divided by the baseline's population standard deviation σ_b, so one
 * threshold fits every feature: W1/σ_b = 0.1 means the window moved a tenth
 * of a standard deviation, on average (Evidently's "normed Wasserstein", whose
 * default threshold is 0.1). A constant baseline (σ_b = 0) gives ∞ for any
 * change and 0 for none.
 */
export function normedWasserstein(
  baseline: WeightedSample,
  current: WeightedSample,
  baselineStddev: number,
): NormedWassersteinResult {
  const { value: distance, errorBound } = wasserstein(baseline, current);
  if (!(Number.isFinite(baselineStddev) && baselineStddev >= 0)) {
    throw new DriftInputError(
      `normed Wasserstein needs the baseline's standard deviation, a finite number ≥ 0; got ${baselineStddev}`,
    );
  }
  const normed = (w: number) => (w === 0 ? 0 : w / baselineStddev);
  return { value: normed(distance), distance, errorBound: normed(errorBound) };
}
