import * as assert from "assert";
import { kl } from "../../transforms/drift/kl";
import { assertClose } from "../statistics/assert_close";
import { counts } from "./inputs";

describe("Kullback–Leibler divergence KL(current ‖ baseline)", () => {
  it("matches scipy.stats.entropy's documented example", () => {
    // entropy([1/2, 1/2], qk=[9/10, 1/10]) = 0.5108256237659907, i.e. KL(p ‖ q) in nats with p = current.
    assertClose(kl(counts([9, 1], [5, 5]), 0).value, 0.5108256237659907, 1e-15);
  });

  it("matches Cover & Thomas's Example 2.3.1, and is not symmetric", () => {
    // p = (1/2, 1/2), q = (3/4, 1/4): D(p‖q) = 1 − ½ log₂ 3 = 0.2075 bits and
    // D(q‖p) = ¾ log₂ 3 − 1 = 0.1887 bits (Elements of Information Theory, 2nd ed.); ×ln 2 for nats.
    assertClose(kl(counts([3, 1], [2, 2]), 0).value, (1 - Math.log2(3) / 2) * Math.LN2, 1e-15);
    assertClose(kl(counts([2, 2], [3, 1]), 0).value, ((3 / 4) * Math.log2(3) - 1) * Math.LN2, 1e-15);
  });

  it("adds the pseudo-count 0.5 to every outcome, so a bin the baseline lacks stays finite", () => {
    assert.strictEqual(kl(counts([10, 0], [5, 5]), 0).value, Infinity);
    // Smoothed: baseline (10.5, 0.5)/11, current (5.5, 5.5)/11, so
    // KL = ½ ln(5.5/10.5) + ½ ln(5.5/0.5) = ½ ln(11/21) + ½ ln 11.
    const result = kl(counts([10, 0], [5, 5]));
    assertClose(result.value, 0.5 * Math.log(11 / 21) + 0.5 * Math.log(11), 1e-15);
    assert.strictEqual(result.pseudoCount, 0.5);
    // A bin the window lacks adds nothing without smoothing: 0 · ln 0 = 0.
    assertClose(kl(counts([5, 5], [10, 0]), 0).value, Math.log(2), 1e-15);
  });
});
