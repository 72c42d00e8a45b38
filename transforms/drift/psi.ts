import { AlignedCounts } from "./distributions";
import { DriftResult } from "./drift_result";
import { DEFAULT_PSEUDO_COUNT, proportions } from "./proportions";

export interface PsiResult extends DriftResult {
  /** The pseudo-count added to every outcome before taking logarithms. */
  pseudoCount: number;
}

/**
 * Population stability index, natural log:
 *   PSI = Σ_i (q_i − p_i) · ln(q_i / p_i) = KL(q ‖ p) + KL(p ‖ q)
 * with p the baseline and q the current proportions: Jeffreys' symmetrised
 * KL divergence, as used in credit scoring (Siddiqi, Credit Risk Scorecards,
 * 2006; Yurdakul, Statistical Properties of Population Stability Index, 2018).
 * Range [0, ∞), symmetric, 0 iff q = p. Rule of thumb: < 0.1 stable,
 * 0.1–0.25 some shift, > 0.25 major shift.
 *
 * Sampling noise alone gives E[PSI] ≈ (k − 1)(1/n_p + 1/n_q) for k outcomes
 * (PSI / (1/n_p + 1/n_q) is asymptotically χ²(k − 1), Yurdakul 2018), so on
 * small windows with many bins the rule-of-thumb thresholds fire on noise.
 *
 * Zero bins: pseudo-count α on every outcome (see proportions.ts); with α = 0
 * an outcome empty on one side only gives ∞.
 */
export function psi(aligned: AlignedCounts, pseudoCount = DEFAULT_PSEUDO_COUNT): PsiResult {
  const { baseline, current } = proportions(aligned, pseudoCount);
  const index = current.reduce((sum, q, i) => sum + (q - baseline[i]) * Math.log(q / baseline[i]), 0);
  return { value: index, pseudoCount };
}
