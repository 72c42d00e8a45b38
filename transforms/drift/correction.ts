import type { PValueCorrection } from "../../pipelines/spec/drift_spec";

/**
 * Adjusted p-values of one family of m tests, in the order given; a test
 * rejects at level α when its adjusted p-value is below α.
 * - none: p.
 * - bonferroni: min(1, m·p) — P(any false rejection) ≤ α (family-wise error).
 * - benjamini_hochberg: with p₍₁₎ ≤ … ≤ p₍ₘ₎, p̃₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎/j)
 *   — the expected share of false rejections among rejections is ≤ α for
 *   independent or positively dependent tests (Benjamini & Hochberg 1995).
 *   This is R's p.adjust(p, "BH"); "p̃ᵢ < α" rejects exactly the hypotheses
 *   the step-up procedure at level α rejects.
 */
export function adjustPValues(pValues: readonly number[], correction: PValueCorrection): number[] {
  const m = pValues.length;
  if (correction === "none") return [...pValues];
  if (correction === "bonferroni") return pValues.map((p) => Math.min(1, m * p));
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const adjusted = new Array<number>(m);
  let smallestAbove = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1];
    smallestAbove = Math.min(smallestAbove, (m * pValues[i]) / rank);
    adjusted[i] = smallestAbove;
  }
  return adjusted;
}
