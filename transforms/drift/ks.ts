import { totalWeight, walkCdfs } from "./cdf_walk";
import { WeightedSample, requireWeightedSample } from "./distributions";
import { DriftResult } from "./drift_result";
import { kolmogorovSurvival } from "./kolmogorov_distribution";
import { smirnovExactPValue } from "./smirnov_exact";

/** Up to this m·n, exact samples get the exact p-value: O(m·n) steps, about 10 ms at the limit. */
export const KS_EXACT_MAX_PRODUCT = 1_000_000;

export interface KsResult extends DriftResult {
  pValue: number;
  /** "exact": Smirnov's exact distribution; "asymptotic": the Kolmogorov distribution with Stephens' correction. */
  method: "exact" | "asymptotic";
  /** m·n/(m + n), the n of the one-sample statistic that √(effectiveN)·D tends to in distribution. */
  effectiveN: number;
  /**
   * ε_b + ε_c, the sketches' rank errors: D of the full data is within this of
   * `value` (99 % confidence); the p-value is computed at max(0, D − it).
   */
  rankErrorBound: number;
}

/**
 * Two-sample Kolmogorov–Smirnov test (Smirnov 1939):
 *   D = sup_x |F_b(x) − F_c(x)|
 * over the weighted empirical CDFs of the baseline (total weight m) and the
 * current sample (n). D ∈ [0, 1], symmetric; `value` is D.
 *
 * p-value, two-sided, P(D_{m,n} ≥ D) under H0 "same continuous distribution":
 * - exact (Hodges 1958, see smirnov_exact.ts) when both samples are exact
 *   (rank error 0, so m and n are counts) and m·n ≤ 10⁶
 *   (R's ks.test is exact below m·n = 10⁴, scipy's ks_2samp up to 10⁴
 *   values per sample);
 * - otherwise asymptotic: Q_KS(λ), λ = (√nₑ + 0.12 + 0.11/√nₑ) · D with
 *   nₑ = m·n/(m + n), Stephens' (1970) correction as in Numerical Recipes'
 *   kstwo. Measured against the exact p-value for p in [0.001, 0.5]: within
 *   8 % (relative) at 1000 × 1000, 3 % at 1000 × 1500, 1.6 % at 100 × 10⁴;
 *   but up to 2× off for tiny equal samples (5 × 5), where D's lattice is
 *   coarse — hence exact below 10⁶.
 * Ties (a discrete feature) make both conservative: the true P(D ≥ d) is at
 * most the stated p-value (Noether 1963), so false alarms stay below α.
 *
 * Sketches: a KLL sketch's CDF is within its rank error ε of the data's, so
 * the full data's D lies in [D − ε_b − ε_c, D + ε_b + ε_c]. Like Apache
 * DataSketches' KolmogorovSmirnov test (which adds ε to the critical value),
 * the p-value is computed at max(0, D − ε_b − ε_c): it is never smaller than
 * the full data's, so the false-alarm rate stays at most α, at the price of
 * power — a shift must move the CDF by more than ε_b + ε_c (2.7 % for two
 * k = 200 sketches) before any window size can detect it. A larger k
 * buys that back.
 */
export function ks(baseline: WeightedSample, current: WeightedSample): KsResult {
  requireWeightedSample("baseline", baseline);
  requireWeightedSample("current", current);
  const m = totalWeight(baseline);
  const n = totalWeight(current);
  // sup |W_b/m − W_c/n| = sup |W_b·n − W_c·m| / (m·n): exact integer arithmetic for counts.
  let largestGap = 0;
  walkCdfs(baseline, current, (_, baselineWeight, currentWeight) => {
    largestGap = Math.max(largestGap, Math.abs(baselineWeight * n - currentWeight * m));
  });
  const statistic = largestGap / (m * n);
  const effectiveN = (m * n) / (m + n);
  const rankErrorBound = baseline.rankError + current.rankError;
  const tested = Math.max(0, statistic - rankErrorBound);
  const exact = rankErrorBound === 0 && m * n <= KS_EXACT_MAX_PRODUCT;
  const rootN = Math.sqrt(effectiveN);
  const pValue = exact
    ? smirnovExactPValue(tested, m, n)
    : kolmogorovSurvival((rootN + 0.12 + 0.11 / rootN) * tested);
  return {
    value: statistic,
    pValue,
    method: exact ? "exact" : "asymptotic",
    effectiveN,
    rankErrorBound,
  };
}
