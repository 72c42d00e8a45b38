import * as assert from "assert";
import { chi2 } from "../../transforms/drift/chi2";
import { alignCategories } from "../../transforms/drift/distributions";
import { assertClose } from "../statistics/assert_close";
import { categories, counts } from "./inputs";

describe("χ² test of homogeneity", () => {
  it("matches Agresti's party identification by gender example", () => {
    // Agresti, An Introduction to Categorical Data Analysis, 2nd ed. (2007), Table 2.5 / §2.4.3:
    // females 762 Democrat, 327 Independent, 468 Republican; males 484, 239, 477.
    // χ² = 30.1 with df = 2 (G² = 30.0), P < 0.001; E for female Democrats = 1557 · 1246 / 2757 = 703.7.
    const result = chi2(counts([762, 327, 468], [484, 239, 477]));
    assert.strictEqual(result.value.toFixed(1), "30.1");
    assert.strictEqual(result.degreesOfFreedom, 2);
    // With df = 2 the χ² tail has the closed form P(χ²₂ ≥ x) = e^(−x/2).
    assertClose(result.pValue, Math.exp(-result.value / 2), 1e-14);
    assertClose(result.pValue, 2.9536e-7, 1e-10);
    // Smallest E: males Independent, 1200 · 566 / 2757 = 246.4.
    assertClose(result.minExpectedCount, (1200 * 566) / 2757, 1e-12);
  });

  it("handles unseen categories and unequal sizes, shown by hand with the df = 4 closed form", () => {
    // Baseline 100 (a 40, b 30, c 20, d 10), current 50 (a 15, b 15, c 10, d 5, e 5 — e unseen).
    // Column totals 55, 45, 30, 15, 5 of N = 150; E_baseline = 2/3 of each, E_current = 1/3.
    const aligned = alignCategories(
      categories({ a: 40, b: 30, c: 20, d: 10 }),
      categories({ a: 15, b: 15, c: 10, d: 5, e: 5 }),
    );
    const columnTotals = [55, 45, 30, 15, 5];
    const observed = [
      [40, 30, 20, 10, 0],
      [15, 15, 10, 5, 5],
    ];
    let statistic = 0;
    [2 / 3, 1 / 3].forEach((share, i) =>
      columnTotals.forEach(
        (total, j) => (statistic += (observed[i][j] - share * total) ** 2 / (share * total)),
      ),
    );
    const result = chi2(aligned);
    assertClose(result.value, statistic, 1e-14);
    assert.strictEqual(result.degreesOfFreedom, 4);
    // P(χ²₄ ≥ x) = e^(−x/2) (1 + x/2).
    assertClose(result.pValue, Math.exp(-statistic / 2) * (1 + statistic / 2), 1e-14);
    assertClose(result.minExpectedCount, 5 / 3, 1e-15);
  });

  it("gives χ² = 0, df = 0, p = 1 when only one category has values", () => {
    assert.deepStrictEqual(chi2(counts([7, 0], [3, 0])), {
      value: 0,
      pValue: 1,
      degreesOfFreedom: 0,
      minExpectedCount: 3,
    });
  });

  it("keeps tiny p-values' digits (upper tail computed directly, not as 1 − CDF)", () => {
    // A perfectly separated 2 × 2 table has χ² = N = 900, df = 1, and P(χ²₁ ≥ x) = erfc(√(x/2)),
    // with erfc(z) = e^(−z²) / (z √π) · (1 − 1/(2z²) + 3/(4z⁴) − …) (Abramowitz & Stegun 7.1.23).
    const result = chi2(counts([450, 0], [0, 450]));
    assert.strictEqual(result.value, 900);
    const z = Math.sqrt(450);
    const erfc = (Math.exp(-450) / (z * Math.sqrt(Math.PI))) * (1 - 1 / (2 * z * z) + 3 / (4 * z ** 4));
    assert.ok(Math.abs(result.pValue / erfc - 1) < 1e-7, `${result.pValue} vs ${erfc}`);
  });
});
