import * as assert from "assert";
import { kolmogorovSmirnovSurvival, smirnovUpperTail } from "../../transforms/drift/kolmogorov_distribution";
import { assertClose } from "../statistics/assert_close";

describe("Kolmogorov–Smirnov distribution P(D_n ≥ d)", () => {
  it("gives scipy's kstwo.sf(d, n) across its regimes, within 0.2 % (relative; the Pelz–Good expansion at n = 30)", () => {
    // scipy 1.14.1, test/fixtures/scipy/ks_reference.py (the command is in its docstring).
    const scipy: [number, number, number][] = [
      [30, 0.2, 0.15796916101547398],
      [30, 0.3, 0.006852243362913235],
      [100, 0.1, 0.2526927570063874],
      [100, 0.2, 0.0005551927327988775],
      [139, 0.12, 0.03347987653774751],
      [141, 0.1, 0.11128445516467944],
      [500, 0.06, 0.05243463489026223],
      [1000, 0.05, 0.013012074781090332],
      [5000, 0.02, 0.03613941395325637],
      [20000, 0.012, 0.006251252284121751],
      [200, 0.3, 1.8482195753126875e-16],
    ];
    for (const [n, d, p] of scipy) {
      assertClose(kolmogorovSmirnovSurvival(n, d), p, 2e-3 * p, `n = ${n}, d = ${d}`);
    }
  });

  it("has the closed forms at the ends of the range", () => {
    // n·d ≤ ½: D_n ≥ 1/(2n) always. d ≥ 1: never. n·d ≥ n − 1: 2(1 − d)ⁿ.
    assert.strictEqual(kolmogorovSmirnovSurvival(10, 0.05), 1);
    assert.strictEqual(kolmogorovSmirnovSurvival(10, 1), 0);
    assertClose(kolmogorovSmirnovSurvival(10, 0.95), 2 * 0.05 ** 10, 1e-25);
    // n = 1: D_1 = max(U, 1 − U) ≥ d with probability 2(1 − d) for d ≥ ½.
    assertClose(kolmogorovSmirnovSurvival(1, 0.7), 0.6, 1e-15);
    // One-sided, n = 1: P(D⁺ ≥ d) = P(1 − U ≥ d) = 1 − d.
    assertClose(smirnovUpperTail(1, 0.3), 0.7, 1e-15);
  });

  it("refuses a sample size that is not a positive integer", () => {
    assert.throws(() => kolmogorovSmirnovSurvival(2.5, 0.1), /positive integer n, got 2.5/);
  });
});
