import * as assert from "assert";
import fc from "fast-check";
import { kolmogorovSurvival } from "../../transforms/drift/kolmogorov_distribution";
import { ks } from "../../transforms/drift/ks";
import { smirnovExactPValue } from "../../transforms/drift/smirnov_exact";
import { assertClose } from "../statistics/assert_close";
import { exactSample, weighted } from "./inputs";

/**
 * The reference for the exact p-value, by brute force: every way to split the
 * pooled ranks 0..m+n−1 into m baseline and n current values, each equally
 * likely under H0, with the D of each split counted as m·n·D = max |i·n − j·m|.
 */
function bruteForceGapCounts(m: number, n: number): Map<number, number> {
  const counts = new Map<number, number>();
  const visit = (baselineLeft: number, currentLeft: number, gap: number, largest: number): void => {
    if (baselineLeft === 0 && currentLeft === 0) {
      counts.set(largest, (counts.get(largest) ?? 0) + 1);
      return;
    }
    if (baselineLeft > 0) {
      const next = gap + n;
      visit(baselineLeft - 1, currentLeft, next, Math.max(largest, Math.abs(next)));
    }
    if (currentLeft > 0) {
      const next = gap - m;
      visit(baselineLeft, currentLeft - 1, next, Math.max(largest, Math.abs(next)));
    }
  };
  visit(m, n, 0, 0);
  return counts;
}

describe("Kolmogorov–Smirnov test", () => {
  it("finds D where the CDFs are furthest apart, shown by hand", () => {
    // Baseline {1..5}, current {3..8}. At x = 2: 2/5 vs 0 = 0.4; x = 3: 3/5 − 1/6 = 0.433;
    // x = 4: 4/5 − 2/6 = 0.467; x = 5: 1 − 3/6 = 0.5, the largest; above 5 the gap shrinks.
    const result = ks(exactSample([1, 2, 3, 4, 5]), exactSample([3, 4, 5, 6, 7, 8]));
    assert.strictEqual(result.value, 0.5);
    assert.strictEqual(result.method, "exact");
    assertClose(result.effectiveN, 30 / 11, 1e-15);
    assert.strictEqual(result.rankErrorBound, 0);
  });

  it("gives the exact p-value that brute-force enumeration of all splits gives", () => {
    for (const [m, n] of [
      [5, 7],
      [6, 6],
      [3, 9],
      [4, 10],
      [1, 8],
    ]) {
      const gapCounts = bruteForceGapCounts(m, n);
      const splits = [...gapCounts.values()].reduce((a, b) => a + b, 0);
      for (const gap of gapCounts.keys()) {
        const atLeast = [...gapCounts].reduce((sum, [g, count]) => sum + (g >= gap ? count : 0), 0);
        assertClose(
          smirnovExactPValue(gap / (m * n), m, n),
          atLeast / splits,
          1e-13,
          `m=${m} n=${n} gap=${gap}`,
        );
      }
    }
  });

  it("matches published exact values", () => {
    // T. Ferguson's Smirnov two-sample calculator (UCLA), its worked example: P(D_100,100 ≤ 0.1) = 0.41699.
    // D takes multiples of 1/100 there, so P(D ≤ 0.1) = 1 − P(D ≥ 0.11).
    assert.strictEqual((1 - smirnovExactPValue(0.11, 100, 100)).toFixed(5), "0.41699");
    // Smallest case, m = n = 1: D = 1 always.
    assert.strictEqual(smirnovExactPValue(1, 1, 1), 1);
    // m = n = 2: of the 6 interleavings only aabb and bbaa have D = 1, so P(D ≥ 1) = 1/3.
    assertClose(smirnovExactPValue(1, 2, 2), 1 / 3, 1e-15);
  });

  it("has the Kolmogorov distribution's published quantiles and K(1)", () => {
    // Upper-tail critical values of √n·D (Smirnov 1948; e.g. Sachs, Applied Statistics, table 44):
    // 1.2238 at α = 0.10, 1.3581 at 0.05, 1.6276 at 0.01, 1.9495 at 0.001.
    for (const [lambda, alpha] of [
      [1.2238, 0.1],
      [1.3581, 0.05],
      [1.6276, 0.01],
      [1.9495, 0.001],
    ]) {
      assertClose(kolmogorovSurvival(lambda), alpha, 5e-5);
    }
    // K(1) = P(K ≤ 1) = 0.7300003283 (Marsaglia, Tsang & Wang 2003, J. Stat. Softw. 8(18)).
    assertClose(1 - kolmogorovSurvival(1), 0.7300003283, 1e-10);
    // Both series agree where they switch, and the tail goes to 0 and 1.
    assertClose(kolmogorovSurvival(1.18 - 1e-12), kolmogorovSurvival(1.18), 1e-11);
    assert.strictEqual(kolmogorovSurvival(0), 1);
    assert.ok(kolmogorovSurvival(10) < 1e-80 && kolmogorovSurvival(10) > 0);
  });

  it("uses the asymptotic p-value past m·n = 10⁶, within 3 % of the exact one for p from 0.27 down to 0.005", () => {
    const baseline = Array.from({ length: 1000 }, (_, i) => i);
    for (const shift of [40, 50, 60, 70]) {
      const current = Array.from({ length: 1500 }, (_, i) => shift + (i * 1000) / 1500);
      const result = ks(exactSample(baseline), exactSample(current));
      assert.strictEqual(result.method, "asymptotic");
      const exact = smirnovExactPValue(result.value, 1000, 1500);
      assert.ok(
        Math.abs(result.pValue - exact) <= 0.03 * exact,
        `shift ${shift}: ${result.pValue} vs ${exact}`,
      );
    }
  });

  it("from sketches, tests D minus both rank errors, so the p-value is conservative", () => {
    const baseline = weighted([1, 2, 3, 4], [250, 250, 250, 250], 0.01);
    const current = weighted([1, 2, 3, 4], [200, 200, 300, 300], 0.02);
    const result = ks(baseline, current);
    // D = 0.1 at x = 2 (0.5 vs 0.4); tested at 0.1 − 0.03 = 0.07 with nₑ = 500.
    assertClose(result.value, 0.1, 1e-15);
    assert.strictEqual(result.method, "asymptotic");
    assertClose(result.rankErrorBound, 0.03, 1e-15);
    const rootN = Math.sqrt(500);
    assertClose(result.pValue, kolmogorovSurvival((rootN + 0.12 + 0.11 / rootN) * 0.07), 1e-15);
    // A gap smaller than the rank errors is no evidence at all.
    assert.strictEqual(ks(baseline, weighted([1, 2, 3, 4], [240, 250, 260, 250], 0.02)).pValue, 1);
  });

  it("is 0 with p = 1 on identical samples, symmetric, and D ∈ [0, 1]", () => {
    const values = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(values, values, (a, b) => {
        assert.deepStrictEqual(
          [ks(exactSample(a), exactSample(a)).value, ks(exactSample(a), exactSample(a)).pValue],
          [0, 1],
        );
        const forward = ks(exactSample(a), exactSample(b));
        const backward = ks(exactSample(b), exactSample(a));
        assert.strictEqual(backward.value, forward.value);
        assertClose(backward.pValue, forward.pValue, 1e-12);
        assert.ok(forward.value >= 0 && forward.value <= 1);
        assert.ok(forward.pValue > 0 && forward.pValue <= 1);
      }),
    );
  });
});
