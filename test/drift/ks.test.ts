import * as assert from "assert";
import fc from "fast-check";
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

  // scipy 1.14.1: test/fixtures/scipy/ks_reference.py prints these (its docstring has the command).
  const tied = (count: number, multiplier: number, modulus: number, scale: number, shift = 0) =>
    Array.from({ length: count }, (_, i) => ((i * multiplier) % modulus) / scale + shift);
  const scipyKs2samp: [string, number[], number[], number, number, "exact" | "asymptotic"][] = [
    [
      "exact_ties",
      tied(730, 37, 101, 10),
      tied(731, 53, 97, 10, 0.6),
      0.06454097408316624,
      0.09107872420602983,
      "exact",
    ],
    ["exact_small", tied(60, 7, 23, 2), tied(45, 11, 29, 2), 0.2, 0.22813327387030358, "exact"],
    [
      "asymptotic_ties",
      tied(12000, 7919, 1000, 10),
      tied(400, 31, 977, 10, 7.5),
      0.0825,
      0.009706566886285848,
      "asymptotic",
    ],
    [
      "asymptotic_small_window",
      tied(20000, 7919, 1000, 10),
      tied(100, 13, 997, 10, 2),
      0.15,
      0.019839242125644047,
      "asymptotic",
    ],
  ];
  for (const [name, baseline, current, statistic, pValue, method] of scipyKs2samp) {
    it(`gives scipy's ks_2samp(method="auto") D and p-value, ties included: ${name}`, () => {
      const result = ks(exactSample(baseline), exactSample(current));
      assert.strictEqual(result.method, method);
      assertClose(result.value, statistic, 1e-12);
      // Exact: the same recursion's result; asymptotic: Pelz–Good where scipy runs Durbin's matrix (0.2 %).
      assertClose(result.pValue, pValue, (method === "exact" ? 1e-9 : 2e-3) * pValue, name);
    });
  }

  it("switches to the asymptotic p-value past 10⁴ values on one side, as scipy's auto method does", () => {
    const result = ks(exactSample(tied(10_001, 7919, 1000, 10)), exactSample(tied(200, 13, 997, 10)));
    assert.strictEqual(result.method, "asymptotic");
    const atBound = ks(exactSample(tied(10_000, 7919, 1000, 10)), exactSample(tied(200, 13, 997, 10)));
    assert.strictEqual(atBound.method, "exact");
  });

  it("from sketches, gives the p-value at the observed D and the range the rank errors allow", () => {
    const baseline = weighted([1, 2, 3, 4], [250, 250, 250, 250], 0.01);
    const current = weighted([1, 2, 3, 4], [200, 200, 300, 300], 0.02);
    const result = ks(baseline, current);
    // D = 0.1 at x = 2 (0.5 vs 0.4); m = n = 1000 are exact-sized, so p is Smirnov's exact one at D.
    assertClose(result.value, 0.1, 1e-15);
    assert.strictEqual(result.method, "exact");
    assertClose(result.rankErrorBound, 0.03, 1e-15);
    assert.strictEqual(result.pValue, smirnovExactPValue(0.1, 1000, 1000));
    assert.deepStrictEqual(result.pValueRange, [
      smirnovExactPValue(0.13, 1000, 1000),
      smirnovExactPValue(0.07, 1000, 1000),
    ]);
    assert.strictEqual(ks(exactSample([1, 2]), exactSample([1, 3])).pValueRange, undefined);
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
