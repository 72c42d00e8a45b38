/**
 * binCount equal-width bins spanning [min, max]: e_i = min + i·(max − min)/binCount,
 * with e_binCount = max exactly. A constant feature (min = max) gets the point bin [min, min].
 * Test data's edges (the job takes its edges from the baseline's quantiles or the spec).
 */
export function equalWidthEdges(min: number, max: number, binCount: number): number[] {
  if (!(Number.isInteger(binCount) && binCount >= 1)) {
    throw new Error(`the number of histogram bins must be a positive integer, got ${binCount}`);
  }
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max)) {
    throw new Error(`equal-width edges need finite min ≤ max, got [${min}, ${max}]`);
  }
  if (min === max) return [min, min];
  const width = (max - min) / binCount;
  return [min, ...Array.from({ length: binCount - 1 }, (_, i) => min + (i + 1) * width), max];
}
