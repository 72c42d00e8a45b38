import * as assert from "assert";
import fc from "fast-check";
import { sketchSample } from "../../transforms/drift/from_accumulators";
import { normedWasserstein, wasserstein } from "../../transforms/drift/wasserstein";
import { KllSketch } from "../../transforms/statistics/quantile_sketch";
import { accumulate } from "../statistics/accumulate";
import { assertClose } from "../statistics/assert_close";
import { sample, standardNormal } from "../statistics/random_data";
import { exactSample, weighted } from "./inputs";

const values = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 30 });

describe("Wasserstein distance", () => {
  it("matches the examples in scipy.stats.wasserstein_distance's documentation", () => {
    // wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5.0: every value moves by 5.
    assert.strictEqual(wasserstein(exactSample([0, 1, 3]), exactSample([5, 6, 8])).value, 5);
    // wasserstein_distance([0, 1], [0, 1], [3, 1], [2, 2]) = 0.25
    assertClose(wasserstein(weighted([0, 1], [3, 1]), weighted([0, 1], [2, 2])).value, 0.25, 1e-15);
    // wasserstein_distance([3.4, 3.9, 7.5, 7.8], [4.5, 1.4], [1.4, 0.9, 3.1, 7.2], [3.2, 3.5])
    //   = 4.0781331438047861
    const result = wasserstein(
      weighted([3.4, 3.9, 7.5, 7.8], [1.4, 0.9, 3.1, 7.2]),
      weighted([4.5, 1.4], [3.2, 3.5]),
    );
    assertClose(result.value, 4.0781331438047861, 1e-14);
    assert.strictEqual(result.errorBound, 0);
  });

  it("is the area between the CDFs, shown by hand", () => {
    // Baseline {1, 2, 3}, current {1, 1, 4}: on [1, 2) F_b = 1/3 and F_c = 2/3; on [2, 3) 2/3 vs 2/3;
    // on [3, 4) 1 vs 2/3. W1 = 1/3 · 1 + 0 · 1 + 1/3 · 1 = 2/3.
    assertClose(wasserstein(exactSample([1, 2, 3]), exactSample([1, 1, 4])).value, 2 / 3, 1e-15);
  });

  it("is 0 on identical samples, symmetric, and moves by |c| when every value moves by c", () => {
    fc.assert(
      fc.property(values, values, fc.integer({ min: -50, max: 50 }), (a, b, shift) => {
        assert.strictEqual(wasserstein(exactSample(a), exactSample(a)).value, 0);
        const forward = wasserstein(exactSample(a), exactSample(b)).value;
        assert.ok(forward >= 0);
        assertClose(wasserstein(exactSample(b), exactSample(a)).value, forward, 1e-12);
        const shifted = a.map((x) => x + shift);
        assertClose(wasserstein(exactSample(a), exactSample(shifted)).value, Math.abs(shift), 1e-12);
      }),
    );
  });

  it("divides by the baseline's standard deviation when normed; a constant baseline gives ∞ or 0", () => {
    const result = normedWasserstein(exactSample([0, 1, 3]), exactSample([5, 6, 8]), 2);
    assert.deepStrictEqual(result, { value: 2.5, distance: 5, errorBound: 0 });
    assert.strictEqual(normedWasserstein(exactSample([1, 1]), exactSample([1, 2]), 0).value, Infinity);
    assert.strictEqual(normedWasserstein(exactSample([1, 1]), exactSample([1]), 0).value, 0);
    assert.throws(
      () => normedWasserstein(exactSample([1]), exactSample([1]), NaN),
      /standard deviation.*NaN/,
    );
  });

  it("from compacted sketches, stays within its error bound of the exact W1", () => {
    const baseline = sample(20_000, 11, standardNormal);
    const current = sample(20_000, 12, (u) => 0.3 + 1.2 * standardNormal(u));
    const exact = wasserstein(exactSample(baseline), exactSample(current)).value;
    const sketched = wasserstein(
      sketchSample(accumulate(() => new KllSketch(), baseline)),
      sketchSample(accumulate(() => new KllSketch(), current)),
    );
    assert.ok(sketched.errorBound > 0);
    assert.ok(
      Math.abs(sketched.value - exact) <= sketched.errorBound,
      `|${sketched.value} − ${exact}| > ${sketched.errorBound}`,
    );
  });
});
