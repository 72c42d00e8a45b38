import { AlignedCounts, requireAlignedCounts, total } from "./distributions";

/**
 * The zero-bin rule of the metrics that divide by a proportion (KL, PSI):
 * add a pseudo-count α to every outcome on both sides, p_i = (c_i + α)/(n + kα)
 * — additive smoothing with Jeffreys' prior Dir(½, …, ½), the
 * Krichevsky–Trofimov estimator. It keeps every logarithm finite, is the same
 * for every outcome (no jump when a count drops to 0, unlike replacing only
 * zeros by a floor), and fades as n grows. Metrics that are finite without it
 * (JS, Hellinger, L∞, χ²) use the raw proportions.
 */
export const DEFAULT_PSEUDO_COUNT = 0.5;

/** Both sides' proportions, (c_i + α)/(n + kα), after validating the counts; α = 0 gives c_i / n. */
export function proportions(
  aligned: AlignedCounts,
  pseudoCount = 0,
): { baseline: number[]; current: number[] } {
  requireAlignedCounts(aligned);
  if (!(Number.isFinite(pseudoCount) && pseudoCount >= 0)) {
    throw new RangeError(`the pseudo-count must be a finite number ≥ 0, got ${pseudoCount}`);
  }
  const of = (counts: readonly number[]) => {
    const smoothedTotal = total(counts) + counts.length * pseudoCount;
    return counts.map((count) => (count + pseudoCount) / smoothedTotal);
  };
  return { baseline: of(aligned.baseline), current: of(aligned.current) };
}

/** x · ln(x / y) with the convention 0 · ln(0 / y) = 0 (the limit as x → 0). */
export function xLogXOverY(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(x / y);
}
