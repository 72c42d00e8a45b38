import * as assert from "assert";
import fc from "fast-check";
import { Moments } from "../../transforms/statistics/moments";
import { accumulate, accumulateInParts, throughJson } from "./accumulate";
import { assertClose } from "./assert_close";

const moments = () => new Moments();

/** A Moments' JSON must survive JSON.stringify: no Infinity (it would become null) and no NaN. */
const finiteJson = (m: Moments): boolean =>
  Object.values(m.toJSON()).every((v) => typeof v !== "number" || Number.isFinite(v));

describe("moments of values near the double range (scaled accumulation)", () => {
  it("two values of 1.7e308: mean 1.7e308 and stddev 0, the unrepresentable sum +Infinity, never NaN", () => {
    const m = accumulate(moments, [1.7e308, 1.7e308]);
    assert.deepStrictEqual(m.result(), {
      count: 2,
      missing: 0,
      nonFinite: 0,
      sum: Infinity,
      mean: 1.7e308,
      sampleVariance: 0,
      populationVariance: 0,
      sampleStddev: 0,
      populationStddev: 0,
      min: 1.7e308,
      max: 1.7e308,
    });
    assert.ok(finiteJson(m), JSON.stringify(m.toJSON()));
    assert.deepStrictEqual(throughJson(m, Moments.fromJSON).result(), m.result());
  });

  it("values of both signs near 1.8e308 match exact rational arithmetic, split and merged alike", () => {
    // Reference (exact Fractions, sqrt in 50-digit Decimal):
    // python3 -c "from fractions import Fraction as F; from decimal import Decimal as D, getcontext;
    //   getcontext().prec=50; xs=[F(x) for x in [1.7e308,-1.7e308,1e308,1.2e308]]; m=sum(xs)/4;
    //   m2=sum((x-m)**2 for x in xs); print(float(m), float((D(m2.numerator)/D(m2.denominator)/3).sqrt()),
    //   float((D(m2.numerator)/D(m2.denominator)/4).sqrt()))"
    // → 5.5e+307 1.5286159317064134e+308 1.3238202294873726e+308; the sum, 2.2e308, is beyond the double range.
    const values = [1.7e308, -1.7e308, 1e308, 1.2e308];
    // The sum and variances are beyond the double range: +Infinity, exactly.
    const beyondRange = { sum: Infinity, sampleVariance: Infinity, populationVariance: Infinity };
    const expected = {
      count: 4,
      missing: 0,
      nonFinite: 0,
      mean: 5.5e307,
      sampleStddev: 1.5286159317064134e308,
      populationStddev: 1.3238202294873726e308,
      min: -1.7e308,
      max: 1.7e308,
    };
    const assertMoments = (m: Moments, what: string) => {
      const { sum, sampleVariance, populationVariance, ...finite } = m.result();
      assert.deepStrictEqual({ sum, sampleVariance, populationVariance }, beyondRange, what);
      assertClose(finite, expected, 1e-12, what);
    };
    assertMoments(accumulate(moments, values), "single pass");
    for (const cut of [1, 2, 3]) {
      const merged = accumulateInParts(moments, Moments.fromJSON, [values.slice(0, cut), values.slice(cut)]);
      assertMoments(merged, `split at ${cut}`);
      assert.ok(finiteJson(merged));
    }
  });

  it("ordinary values merged with a scaled accumulator keep the mean and stddev of the whole", () => {
    // Reference: python3 -c "from fractions import Fraction as F; from decimal import Decimal as D, getcontext;
    //   getcontext().prec=50; xs=[F(x) for x in [1,2,3,1e200,-1e200,1e200]]; m=sum(xs)/6;
    //   m2=sum((x-m)**2 for x in xs); print(float(m), float((D(m2.numerator)/D(m2.denominator)/5).sqrt()))"
    // → 1.6666666666666667e+199 7.52772652709081e+199
    const values = [1, 2, 3, 1e200, -1e200, 1e200];
    for (const merged of [
      accumulateInParts(moments, Moments.fromJSON, [values.slice(0, 3), values.slice(3)]),
      accumulateInParts(moments, Moments.fromJSON, [values.slice(3), values.slice(0, 3)]),
    ]) {
      const { mean, sampleStddev, sum } = merged.result();
      assertClose(
        { mean, sampleStddev, sum },
        { mean: 1.6666666666666667e199, sampleStddev: 7.52772652709081e199, sum: 1e200 },
        1e-12,
      );
    }
  });

  it("any finite values give a finite mean and stddev and a JSON state that round-trips", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 2, maxLength: 40 }),
        fc.nat(),
        (values, cut) => {
          const whole = accumulate(moments, values);
          const at = 1 + (cut % (values.length - 1));
          const merged = accumulateInParts(moments, Moments.fromJSON, [
            values.slice(0, at),
            values.slice(at),
          ]);
          for (const m of [whole, merged]) {
            const { mean, sampleStddev } = m.result();
            assert.ok(Number.isFinite(mean) && Number.isFinite(sampleStddev), JSON.stringify(values));
            assert.ok(finiteJson(m));
            assert.deepStrictEqual(throughJson(m, Moments.fromJSON).result(), m.result());
          }
          const scale = Math.max(...values.map(Math.abs));
          assert.ok(
            Math.abs(merged.result().mean! - whole.result().mean!) <= 1e-9 * scale,
            JSON.stringify(values),
          );
        },
      ),
    );
  });
});
