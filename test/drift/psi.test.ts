import * as assert from "assert";
import { kl } from "../../transforms/drift/kl";
import { psi } from "../../transforms/drift/psi";
import { assertClose } from "../statistics/assert_close";
import { counts } from "./inputs";

describe("population stability index", () => {
  it("is KL both ways: ¼ ln 3 for (1/2, 1/2) against (3/4, 1/4) (Cover & Thomas, Example 2.3.1)", () => {
    // D(p‖q) + D(q‖p) = (1 − ½ log₂ 3 + ¾ log₂ 3 − 1) bits = ¼ log₂ 3 bits = ¼ ln 3 nats.
    // Directly: (0.5 − 0.75)·ln(0.5/0.75) + (0.5 − 0.25)·ln(0.5/0.25) = 0.101366 + 0.173287 = 0.274653.
    assertClose(psi(counts([3, 1], [2, 2]), 0).value, Math.log(3) / 4, 1e-15);
    const both = kl(counts([3, 1], [2, 2]), 0).value + kl(counts([2, 2], [3, 1]), 0).value;
    assertClose(psi(counts([3, 1], [2, 2]), 0).value, both, 1e-15);
  });

  it("follows the score-band table of a scorecard stability report, step by step", () => {
    // Ten score bands, development (baseline) 10 % each of 10 000 accounts; recent 5 000 accounts:
    // band   dev %  recent %   (recent − dev) · ln(recent/dev)
    //  1     10     6          (−0.04) · ln(0.6)  = 0.0204330
    //  2     10     8          (−0.02) · ln(0.8)  = 0.0044629
    //  3     10     9          (−0.01) · ln(0.9)  = 0.0010536
    //  4     10    10          0
    //  5     10    10          0
    //  6     10    11          (0.01) · ln(1.1)   = 0.0009531
    //  7     10    11          (0.01) · ln(1.1)   = 0.0009531
    //  8     10    12          (0.02) · ln(1.2)   = 0.0036464
    //  9     10    11          (0.01) · ln(1.1)   = 0.0009531
    // 10     10    12          (0.02) · ln(1.2)   = 0.0036464
    //                                        PSI  = 0.0361017  (< 0.1: stable)
    const development = Array.from({ length: 10 }, () => 1000);
    const recent = [6, 8, 9, 10, 10, 11, 11, 12, 11, 12].map((percent) => percent * 50);
    const expected =
      -0.04 * Math.log(0.6) -
      0.02 * Math.log(0.8) -
      0.01 * Math.log(0.9) +
      3 * 0.01 * Math.log(1.1) +
      2 * 0.02 * Math.log(1.2);
    assert.strictEqual(expected.toFixed(7), "0.0361017");
    assertClose(psi(counts(development, recent), 0).value, expected, 1e-14);
    // The default pseudo-count 0.5 on counts this large moves it by less than 10⁻⁴ (by −7.8·10⁻⁵).
    assert.ok(Math.abs(psi(counts(development, recent)).value - expected) < 1e-4);
  });

  it("is finite with the pseudo-count when a band is empty on one side, ∞ without it", () => {
    assert.strictEqual(psi(counts([5, 5], [10, 0]), 0).value, Infinity);
    // Smoothed: (5.5, 5.5)/11 against (10.5, 0.5)/11:
    // (10.5 − 5.5)/11 · ln(10.5/5.5) + (0.5 − 5.5)/11 · ln(0.5/5.5).
    const expected = (5 / 11) * Math.log(10.5 / 5.5) + (-5 / 11) * Math.log(0.5 / 5.5);
    assertClose(psi(counts([5, 5], [10, 0])).value, expected, 1e-15);
  });
});
