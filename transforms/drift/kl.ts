import { AlignedCounts } from "./distributions";
import { DriftResult } from "./drift_result";
import { DEFAULT_PSEUDO_COUNT, proportions, xLogXOverY } from "./proportions";

export interface KlResult extends DriftResult {
  /** The pseudo-count added to every outcome before taking logarithms. */
  pseudoCount: number;
}

/**
 * Kullback–Leibler divergence of the current distribution q from the
 * baseline p, in nats (natural log):
 *   KL(q ‖ p) = Σ_i q_i ln(q_i / p_i)
 * (Kullback & Leibler 1951; Cover & Thomas, Elements of Information Theory,
 * 2nd ed., eq. 2.26). Range [0, ∞), 0 iff q = p; not symmetric.
 *
 * Direction: the information lost when the baseline stands in for the window.
 * It grows with window mass where the baseline has little (the drift we look
 * for), while an outcome the window lacks adds nothing, so sparse small
 * windows do not inflate it. (Evidently and scipy.stats.entropy(ref, cur)
 * compute the reverse, KL(p ‖ q).)
 *
 * Zero bins: pseudo-count α on every outcome (see proportions.ts); with α = 0,
 * an outcome empty in the baseline but present in the window gives ∞.
 */
export function kl(aligned: AlignedCounts, pseudoCount = DEFAULT_PSEUDO_COUNT): KlResult {
  const { baseline, current } = proportions(aligned, pseudoCount);
  const divergence = current.reduce((sum, q, i) => sum + xLogXOverY(q, baseline[i]), 0);
  return { value: Math.max(0, divergence), pseudoCount };
}
