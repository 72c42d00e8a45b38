import { WeightedSample } from "./distributions";

/**
 * Walks the distinct values x of two samples' union in ascending order,
 * calling `visit(x, W_a(x), W_b(x))` with each sample's total weight at or
 * below x. Both empirical CDFs are step functions that only change at these
 * points, so KS (a supremum) and W1 (an integral) need nothing else.
 */
export function walkCdfs(
  a: WeightedSample,
  b: WeightedSample,
  visit: (x: number, weightA: number, weightB: number) => void,
): void {
  const cumulativeAt = (sample: WeightedSample, taken: number) =>
    taken === 0 ? 0 : sample.cumulativeWeights[taken - 1];
  let i = 0;
  let j = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = Math.min(
      i < a.values.length ? a.values[i] : Infinity,
      j < b.values.length ? b.values[j] : Infinity,
    );
    while (i < a.values.length && a.values[i] === x) i += 1;
    while (j < b.values.length && b.values[j] === x) j += 1;
    visit(x, cumulativeAt(a, i), cumulativeAt(b, j));
  }
}

/** A sample's total weight n, its last cumulative weight. */
export function totalWeight(sample: WeightedSample): number {
  return sample.cumulativeWeights[sample.cumulativeWeights.length - 1];
}
