import * as assert from "assert";
import fc from "fast-check";
import { AccumulatorError } from "../../transforms/statistics/accumulator";
import { HyperLogLog } from "../../transforms/statistics/distinct_count";
import { accumulate, accumulateInParts, throughJson } from "./accumulate";

const hyperLogLog = () => new HyperLogLog();
/** 1.04/√4096 = 1.625 %, so 3 standard errors is 4.875 %. */
const THREE_STANDARD_ERRORS = 3 * (1.04 / 64);

/** A sketch whose registers are set directly, to check the estimator against a hand computation. */
function withRegisters(registers: (j: number) => number): HyperLogLog {
  const characters = Array.from({ length: 4096 }, (_, j) => String.fromCharCode(48 + registers(j)));
  return HyperLogLog.fromJSON({ precision: 12, missing: 0, registers: characters.join("") });
}

describe("HyperLogLog distinct count", () => {
  for (const cardinality of [100, 10_000, 1_000_000]) {
    it(`estimates ${cardinality.toLocaleString("en")} distinct values within 3 standard errors`, () => {
      const sketch = new HyperLogLog();
      for (let i = 0; i < cardinality; i++) sketch.add(`user-${i}`);
      const result = sketch.result();
      assert.ok(
        Math.abs(result.estimate - cardinality) <= THREE_STANDARD_ERRORS * cardinality,
        `estimate ${result.estimate}`,
      );
      assert.strictEqual(result.relativeStandardError, 0.01625);
    });
  }

  it("applies Flajolet et al.'s small-range (linear counting) correction", () => {
    // 100 registers at 1, 3996 empty: E = α·m²/(3996 + 100/2) ≈ 2990 ≤ 5m/2, so the estimate is
    // m·ln(m/V) = 4096·ln(4096/3996) = 101.24.
    assert.strictEqual(withRegisters((j) => (j < 100 ? 1 : 0)).result().estimate, 101);
  });

  it("uses the raw estimate in the intermediate range", () => {
    // All registers at 10: E = α·m²/(m·2^−10) = 0.721110·4096·1024 = 3 024 554.7.
    assert.strictEqual(withRegisters(() => 10).result().estimate, 3_024_555);
  });

  it("applies the large-range correction above 2^32/30", () => {
    // All registers at 20: E = α·4096·2^20 = 3.0971e9 > 2^32/30, so the estimate is
    // −2^32·ln(1 − E/2^32) = 5 484 406 872.5.
    assert.strictEqual(withRegisters(() => 20).result().estimate, 5_484_406_873);
  });

  it("ignores repeats, counts a number and its string once, and counts missing values apart", () => {
    const result = accumulate(hyperLogLog, ["a", "a", "a", 1, "1", null, "b"]).result();
    assert.deepStrictEqual([result.estimate, result.missing], [3, 1]);
  });

  it("merging gives registers identical to a single pass", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.option(fc.string()), { maxLength: 30 }), { maxLength: 6 }),
        (parts) => {
          const merged = accumulateInParts(hyperLogLog, HyperLogLog.fromJSON, parts);
          assert.deepStrictEqual(merged.toJSON(), accumulate(hyperLogLog, parts.flat()).toJSON());
        },
      ),
    );
  });

  it("round-trips through JSON as one character per register", () => {
    const original = accumulate(
      hyperLogLog,
      Array.from({ length: 5000 }, (_, i) => `v${i}`),
    );
    const json = JSON.stringify(original);
    assert.ok(json.length < 4096 + 60, `${json.length} characters`);
    assert.deepStrictEqual(throughJson(original, HyperLogLog.fromJSON).result(), original.result());
  });

  it("refuses different precisions and malformed registers", () => {
    assert.throws(() => new HyperLogLog(12).merge(new HyperLogLog(10)), /different precision: 12 vs 10/);
    assert.throws(() => new HyperLogLog(20), AccumulatorError);
    assert.throws(
      () => HyperLogLog.fromJSON({ precision: 4, missing: 0, registers: "0".repeat(15) }),
      /2\^precision/,
    );
    assert.throws(
      () => HyperLogLog.fromJSON({ precision: 4, missing: 0, registers: "~".repeat(16) }),
      /register 0/,
    );
  });
});
