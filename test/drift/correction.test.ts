import * as assert from "assert";
import { adjustPValues } from "../../transforms/drift/correction";
import { assertClose } from "../statistics/assert_close";
import { uniformSource } from "../statistics/random_data";

describe("multiple-testing correction of a window's p-values", () => {
  it("adjusts as R's p.adjust does, shown by hand", () => {
    const p = [0.01, 0.04, 0.03, 0.005];
    assert.deepStrictEqual(adjustPValues(p, "none"), p);
    // Bonferroni: min(1, 4p).
    assertClose(adjustPValues(p, "bonferroni"), [0.04, 0.16, 0.12, 0.02], 1e-15);
    // BH: sorted 0.005, 0.01, 0.03, 0.04 at ranks 1–4 give 4p/rank = 0.02, 0.02, 0.04, 0.04; the running
    // minimum from the largest rank down keeps them; back in the given order: 0.02, 0.04, 0.04, 0.02.
    assertClose(adjustPValues(p, "benjamini_hochberg"), [0.02, 0.04, 0.04, 0.02], 1e-15);
    // A smaller p at a higher rank caps those below it: 3·0.02/1 = 0.06 > 3·0.03/3 = 0.03 → 0.03.
    assertClose(adjustPValues([0.02, 0.03, 0.03], "benjamini_hochberg"), [0.03, 0.03, 0.03], 1e-15);
    assertClose(adjustPValues([0.5, 0.9], "bonferroni"), [1, 1], 0);
  });

  it("keeps a window's chance of any false alarm at about α with Bonferroni, not 1 − (1 − α)^m without", () => {
    // Under no drift a test's p-value is uniform; 5 independent tests per window, 4000 windows.
    const uniform = uniformSource(7);
    const windows = 4000;
    const alpha = 0.05;
    const anyRejected = { none: 0, bonferroni: 0, benjamini_hochberg: 0 };
    for (let w = 0; w < windows; w++) {
      const p = Array.from({ length: 5 }, () => uniform());
      for (const correction of ["none", "bonferroni", "benjamini_hochberg"] as const) {
        if (adjustPValues(p, correction).some((adjusted) => adjusted < alpha)) anyRejected[correction] += 1;
      }
    }
    const rate = (count: number) => count / windows;
    // ±3 binomial standard deviations around the exact rates: 1 − 0.95⁵ = 0.226 without, ≤ α with Bonferroni;
    // with all hypotheses true, BH's rate of any rejection equals its FDR, α.
    const tolerance = (q: number) => 3 * Math.sqrt((q * (1 - q)) / windows);
    assert.ok(
      Math.abs(rate(anyRejected.none) - 0.2262) <= tolerance(0.2262),
      `none: ${rate(anyRejected.none)}`,
    );
    assert.ok(
      rate(anyRejected.bonferroni) <= alpha + tolerance(alpha),
      `bonferroni: ${rate(anyRejected.bonferroni)}`,
    );
    assert.ok(
      Math.abs(rate(anyRejected.benjamini_hochberg) - alpha) <= tolerance(alpha),
      `BH: ${rate(anyRejected.benjamini_hochberg)}`,
    );
  });
});
