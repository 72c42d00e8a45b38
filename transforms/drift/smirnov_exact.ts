/**
 * Exact two-sided p-value of the two-sample Kolmogorov–Smirnov statistic for
 * samples of sizes m and n without ties: P(D_{m,n} ≥ d) under H0, when all
 * C(m+n, m) interleavings of the pooled sample are equally likely. This is
 * what scipy's `ks_2samp(method="exact")` computes (for tied data too: like
 * scipy, D is taken from the data with its ties and the p-value from this
 * no-ties distribution).
 *
 * An interleaving is a lattice path from (0, 0) to (m, n), a step right per
 * baseline value and up per current value; at (i, j) the CDF gap is
 * |i/m − j/n| = |i·n − j·m| / (m·n), so D ≥ d iff the path touches a point with
 * |i·n − j·m| ≥ ⌈d·m·n⌉ (Hodges, "The significance probability of the Smirnov
 * two-sample test", Ark. Mat. 1958). With u(i, j) the share of paths to (i, j)
 * that touched such a point, u = 1 on those points and otherwise
 *   u(i, j) = (i · u(i−1, j) + j · u(i, j−1)) / (i + j),
 * since i/(i+j) of the paths to (i, j) arrive from the left (the counts are
 * weighted by C(i+j−1, j)/C(i+j, j) = i/(i+j)); the p-value is u(m, n). The
 * recursion is a convex combination of values in [0, 1] (after Kim & Jennrich,
 * "Tables of the exact sampling distribution of the two-sample
 * Kolmogorov–Smirnov criterion", 1973), so it neither overflows nor cancels:
 * small p-values keep their relative precision.
 *
 * Only the band of untouched points, |i·n − j·m| < ⌈d·m·n⌉, needs the
 * recursion (u = 1 elsewhere): about 2·d·m·n steps, O(n) memory.
 */
export function smirnovExactPValue(d: number, m: number, n: number): number {
  if (!(Number.isInteger(m) && Number.isInteger(n) && m >= 1 && n >= 1)) {
    throw new RangeError(`exact KS needs positive integer sample sizes, got m = ${m}, n = ${n}`);
  }
  // D·m·n is an integer; the tolerance absorbs rounding in a d computed as a difference of fractions.
  const gapAtLeast = Math.ceil(d * m * n - 1e-7 * Math.max(1, d * m * n));
  if (gapAtLeast <= 0) return 1;
  const u = new Float64Array(n + 1).fill(1);
  let previousLow = 0;
  for (let i = 0; i <= m; i++) {
    // Untouched j: (i·n − gap)/m < j < (i·n + gap)/m.
    const low = Math.max(0, Math.floor((i * n - gapAtLeast) / m) + 1);
    const high = Math.min(n, Math.ceil((i * n + gapAtLeast) / m) - 1);
    // Points that left the band (to its left) are touched now.
    for (let j = previousLow; j < Math.min(low, n + 1); j++) u[j] = 1;
    previousLow = low;
    for (let j = low; j <= high; j++) {
      if (i === 0 && j === 0) u[0] = 0;
      else u[j] = (i * u[j] + (j > 0 ? j * u[j - 1] : 0)) / (i + j);
    }
  }
  return u[n];
}
