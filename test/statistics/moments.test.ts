import * as assert from "assert";
import fc from "fast-check";
import { AccumulatorError } from "../../transforms/statistics/accumulator";
import { NumericValue } from "../../transforms/statistics/excluded_values";
import { Moments } from "../../transforms/statistics/moments";
import { accumulate, accumulateInParts, throughJson } from "./accumulate";
import { assertClose } from "./assert_close";

const moments = () => new Moments();
const numericValue: fc.Arbitrary<NumericValue> = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
);

describe("moments", () => {
  it("matches the textbook example 2, 4, 4, 4, 5, 5, 7, 9", () => {
    // Σx = 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32, so the population
    // variance is 32/8 = 4 (sd 2) and the sample variance 32/7.
    const result = accumulate(moments, [2, 4, 4, 4, 5, 5, 7, 9]).result();
    assertClose(
      result,
      {
        count: 8,
        missing: 0,
        nonFinite: 0,
        sum: 40,
        mean: 5,
        sampleVariance: 32 / 7,
        populationVariance: 4,
        sampleStddev: Math.sqrt(32 / 7),
        populationStddev: 2,
        min: 2,
        max: 9,
      },
      1e-15,
    );
  });

  it("keeps every digit where the naive formula fails (1e9 + 4, 7, 13, 16)", () => {
    // Deviations from the mean 1e9 + 10 are −6, −3, 3, 6: Σ = 90, sample variance 90/3 = 30,
    // population variance 22.5. Σx² ≈ 4e18 has an ulp of 512, so Σx² − (Σx)²/n is noise.
    const values = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    const naive = (values.reduce((s, x) => s + x * x, 0) - values.reduce((s, x) => s + x, 0) ** 2 / 4) / 3;
    assert.ok(Math.abs(naive - 30) > 1, `the naive formula should fail here, gave ${naive}`);

    const singlePass = accumulate(moments, values).result();
    const merged = accumulateInParts(moments, Moments.fromJSON, [
      values.slice(0, 1),
      values.slice(1),
    ]).result();
    for (const result of [singlePass, merged]) {
      assert.strictEqual(result.mean, 1e9 + 10);
      assert.strictEqual(result.sampleVariance, 30);
      assert.strictEqual(result.populationVariance, 22.5);
    }
  });

  it("counts null as missing and NaN/±Infinity as non-finite, leaving both out of the statistics", () => {
    const result = accumulate(moments, [1, null, NaN, Infinity, -Infinity, 3, null]).result();
    assert.deepStrictEqual(result, {
      count: 2,
      missing: 2,
      nonFinite: 3,
      sum: 4,
      mean: 2,
      sampleVariance: 2,
      populationVariance: 1,
      sampleStddev: Math.SQRT2,
      populationStddev: 1,
      min: 1,
      max: 3,
    });
  });

  it("reports null for statistics undefined on too few values", () => {
    assert.deepStrictEqual(new Moments().result(), {
      count: 0,
      missing: 0,
      nonFinite: 0,
      sum: 0,
      mean: null,
      sampleVariance: null,
      populationVariance: null,
      sampleStddev: null,
      populationStddev: null,
      min: null,
      max: null,
    });
    const single = accumulate(moments, [7]).result();
    assert.strictEqual(single.sampleVariance, null);
    assert.strictEqual(single.populationVariance, 0);
    assert.strictEqual(single.mean, 7);
  });

  it("merging partial accumulators equals a single pass", () => {
    fc.assert(
      fc.property(fc.array(fc.array(numericValue, { maxLength: 30 }), { maxLength: 6 }), (parts) => {
        const merged = accumulateInParts(moments, Moments.fromJSON, parts).result();
        assertClose(merged, accumulate(moments, parts.flat()).result());
      }),
    );
  });

  it("round-trips through JSON (exactly, up to the sign of zero, which JSON drops)", () => {
    fc.assert(
      fc.property(fc.array(numericValue), (values) => {
        const original = accumulate(moments, values);
        assertClose(throughJson(original, Moments.fromJSON).result(), original.result(), 0);
      }),
    );
  });

  it("rejects malformed JSON, naming the problem", () => {
    const valid = accumulate(moments, [1, 2]).toJSON();
    assert.throws(() => Moments.fromJSON({ ...valid, min: null }), AccumulatorError);
    assert.throws(() => Moments.fromJSON({ ...valid, m2: -1 }), /m2/);
    assert.throws(() => Moments.fromJSON({ ...valid, count: 1.5 }), /count/);
  });
});
