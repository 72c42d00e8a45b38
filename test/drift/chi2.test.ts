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

  it("pools categories rarest first until every expected count is ≥ 5, as scipy's chi2_contingency on the pooled table", () => {
    // Baseline 100 (a 40, b 30, c 20, d 10), current 50 (a 15, b 15, c 10, d 5, e 5 — e unseen).
    // Column totals 55, 45, 30, 15, 5 of N = 150; a column's smaller E is 50·C/150, so C ≥ 15:
    // e (5) joins d, the table is [[40, 30, 20, 10], [15, 15, 10, 10]].
    const aligned = alignCategories(
      categories({ a: 40, b: 30, c: 20, d: 10 }),
      categories({ a: 15, b: 15, c: 10, d: 5, e: 5 }),
    );
    const result = chi2(aligned);
    // scipy 1.14.1: test/fixtures/scipy/chi2_reference.py, "pooled_categories".
    assertClose(result.value, 3.409090909090909, 1e-14);
    assert.strictEqual(result.degreesOfFreedom, 3);
    assertClose(result.pValue, 0.33274553112956684, 1e-12);
    assertClose(result.minExpectedCount, 6.666666666666667, 1e-14);
    assert.strictEqual(result.pooledOutcomes, 1);
  });

  it("pools histogram bins with their neighbours, a short last group joining the one before", () => {
    // N = 140, smaller row 40: a cell needs a column total ≥ 5·140/40 = 17.5. Columns 35, 35, 32, 23, 13, 2:
    // 13 + 2 = 15 falls short at the end and joins 23: [[30, 25, 20, 25], [5, 10, 12, 13]].
    const result = chi2({ ...counts([30, 25, 20, 15, 10, 0], [5, 10, 12, 8, 3, 2]), ordered: true });
    // scipy 1.14.1: test/fixtures/scipy/chi2_reference.py, "pooled_bins".
    assertClose(result.value, 5.342105263157895, 1e-13);
    assert.strictEqual(result.degreesOfFreedom, 3);
    assertClose(result.pValue, 0.14839345940893206, 1e-12);
    assert.strictEqual(result.pooledOutcomes, 2);
  });

  it("gives χ² = 0, df = 0, p = 1 when only one category has values", () => {
    assert.deepStrictEqual(chi2(counts([7, 0], [3, 0])), {
      value: 0,
      pValue: 1,
      degreesOfFreedom: 0,
      cells: 1,
      pooledOutcomes: 0,
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
