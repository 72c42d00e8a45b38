import { AlignedCounts } from "./distributions";
import { DriftResult } from "./drift_result";
import { proportions } from "./proportions";

/**
 * Hellinger distance between the baseline proportions p and the current q:
 *   H(p, q) = √(½ Σ_i (√p_i − √q_i)²) = √(1 − Σ_i √(p_i q_i))
 * (Hellinger 1909; Le Cam & Yang, Asymptotics in Statistics, 2000, §3.2).
 * Range [0, 1]: 0 iff p = q, 1 for disjoint supports; symmetric, a metric.
 * The first form is used: it has no cancellation near 0.
 *
 * Zero bins need no rule: every term is finite.
 */
export function hellinger(aligned: AlignedCounts): DriftResult {
  const { baseline, current } = proportions(aligned);
  const halfSquaredDistance =
    baseline.reduce((sum, p, i) => sum + (Math.sqrt(p) - Math.sqrt(current[i])) ** 2, 0) / 2;
  return { value: Math.sqrt(Math.min(1, halfSquaredDistance)) };
}
