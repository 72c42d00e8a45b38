import { AlignedCounts } from "./distributions";
import { DriftResult } from "./drift_result";
import { proportions } from "./proportions";

export interface LInfinityResult extends DriftResult {
  /** The outcome (category or bin) where the proportions differ most. */
  outcome: string;
}

/**
 * L-infinity (Chebyshev) distance between the baseline proportions p and the
 * current q: L∞ = max_i |p_i − q_i|, what TensorFlow Data Validation's
 * `infinity_norm` drift comparator and Vertex AI Model Monitoring use for
 * categorical features. Range [0, 1], symmetric; it names the single
 * category whose share moved most, which makes it easy to act on.
 *
 * Zero bins need no rule.
 */
export function lInfinity(aligned: AlignedCounts): LInfinityResult {
  const { baseline, current } = proportions(aligned);
  let largest = 0;
  let at = 0;
  for (let i = 0; i < baseline.length; i++) {
    const difference = Math.abs(baseline[i] - current[i]);
    if (difference > largest) {
      largest = difference;
      at = i;
    }
  }
  return { value: largest, outcome: aligned.outcomes[at] };
}
