import { AlignedCounts } from "./distributions";
import { DriftResult } from "./drift_result";
import { proportions, xLogXOverY } from "./proportions";

export interface JensenShannonResult extends DriftResult {
  /** The Jensen–Shannon divergence in bits, value². */
  divergence: number;
}

/**
 * Jensen–Shannon distance, log base 2 (Lin, "Divergence measures based on the
 * Shannon entropy", IEEE Trans. Inf. Theory 1991; Endres & Schindelin 2003
 * for the square root being a metric):
 *   m = (p + q) / 2,
 *   JSD(p, q) = ½ Σ p_i log₂(p_i / m_i) + ½ Σ q_i log₂(q_i / m_i)   (divergence, bits, in [0, 1])
 *   value = √JSD(p, q)                                              (distance, in [0, 1])
 * Symmetric; 0 iff p = q; 1 for disjoint supports. This is scipy's
 * `jensenshannon(p, q, base=2)`; with the natural log (scipy's default,
 * Evidently's) the distance is value · √(ln 2).
 *
 * Zero bins need no rule: m_i > 0 wherever p_i or q_i is, and 0 · log 0 = 0.
 */
export function jensenShannon(aligned: AlignedCounts): JensenShannonResult {
  const { baseline, current } = proportions(aligned);
  const nats = baseline.reduce((sum, p, i) => {
    const q = current[i];
    const m = (p + q) / 2;
    return sum + (xLogXOverY(p, m) + xLogXOverY(q, m)) / 2;
  }, 0);
  const divergence = Math.min(1, Math.max(0, nats / Math.LN2));
  return { value: Math.sqrt(divergence), divergence };
}
