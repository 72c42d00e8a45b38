import * as assert from "assert";
import fc from "fast-check";
import { AccumulatorError } from "../../transforms/statistics/accumulator";
import type { CategoricalPlan } from "../../transforms/statistics/categorical_statistics";
import {
  FeatureObservation,
  FeaturePlans,
  FeatureStatistics,
} from "../../transforms/statistics/feature_statistics";
import type { NumericalPlan } from "../../transforms/statistics/numerical_statistics";
import type { FeatureValue } from "../../transforms/parse/inference_record";
import { accumulate, accumulateInParts, throughJson } from "./accumulate";
import { assertClose } from "./assert_close";

const NUMERICAL: NumericalPlan = {
  type: "numerical",
  quantiles: [0.05, 0.25, 0.5, 0.75, 0.95],
  quantileSketchK: 200,
  histogram: { edges: [0, 4, 8], edgesFrom: "baseline" },
};
const CATEGORICAL: CategoricalPlan = {
  type: "categorical",
  categoryCapacity: 1000,
  topK: 2,
  frequencies: true,
  distinctPrecision: 12,
};
const PLANS: FeaturePlans = { delay: NUMERICAL, origin: CATEGORICAL };

const forFeatures = () => FeatureStatistics.forFeatures(PLANS);
const observe = (feature: string, values: readonly FeatureValue[]): FeatureObservation[] =>
  values.map((value) => ({ feature, value }));

describe("feature statistics (the per-feature composite accumulator)", () => {
  it("reports a numerical feature's statistics, checked by hand", () => {
    // 2, 4, 4, 4, 5, 5, 7, 9 (a textbook set: mean 5, Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32) and one missing.
    const values = [2, 4, 4, 4, 5, 5, 7, 9, null];
    assert.deepStrictEqual(accumulate(forFeatures, observe("delay", values)).result(), {
      type: "numerical",
      count: 8,
      missing: 1,
      sum: 40,
      mean: 5,
      stddev: Math.sqrt(32 / 7),
      min: 2,
      max: 9,
      // Nearest rank: the ⌈q·8⌉-th smallest: q = 0.05 → 1st, 0.25 → 2nd, 0.5 → 4th, 0.75 → 6th, 0.95 → 8th.
      quantiles: { "0.05": 2, "0.25": 4, "0.5": 4, "0.75": 5, "0.95": 9 },
      iqr: 1,
      // 8 values ≤ k = 200: the sketch holds them all.
      quantileRankError: 0,
      // [0, 4): 2; [4, 8]: 4, 4, 4, 5, 5, 7; above 8: 9.
      histogram: { edges: [0, 4, 8], counts: [1, 6], underflow: 0, overflow: 1, edgesFrom: "baseline" },
    });
  });

  it("states the sketch's rank error once it holds more values than k", () => {
    const plans = { x: { ...NUMERICAL, quantileSketchK: 8 } };
    const values = Array.from({ length: 9 }, (_, i) => i);
    const result = accumulate(() => FeatureStatistics.forFeatures(plans), observe("x", values)).result();
    // 2.296 / 8^0.9723 (DataSketches' fit, see kllNormalizedRankError).
    assert.strictEqual(result?.type === "numerical" && result.quantileRankError, 2.296 / Math.pow(8, 0.9723));
  });

  it("reports a categorical feature's counts, exact while within capacity", () => {
    const values = ["a", "b", "a", null, "c", "a", "b"];
    assert.deepStrictEqual(accumulate(forFeatures, observe("origin", values)).result(), {
      type: "categorical",
      count: 6,
      missing: 1,
      topK: [
        { value: "a", count: 3 },
        { value: "b", count: 2 },
      ],
      frequenciesExact: true,
      maxUndercount: 0,
      distinct: 3,
      distinctRelativeStandardError: 0,
      frequencies: { a: 3, b: 2, c: 1 },
    });
  });

  it("past the capacity, states the Misra–Gries undercount and takes the distinct count from HyperLogLog", () => {
    const plans = { origin: { ...CATEGORICAL, categoryCapacity: 2 } };
    // a, a, a, b fill the 2 counters (a: 3, b: 1); c finds none free, so every counter drops by 1: a: 2.
    const values = ["a", "a", "a", "b", "c"];
    assert.deepStrictEqual(
      accumulate(() => FeatureStatistics.forFeatures(plans), observe("origin", values)).result(),
      {
        type: "categorical",
        count: 5,
        missing: 0,
        topK: [{ value: "a", count: 2 }],
        frequenciesExact: false,
        // ⌊(n − Σ counters) / (capacity + 1)⌋ = ⌊(5 − 2) / 3⌋.
        maxUndercount: 1,
        // Linear counting, m·ln(m/V) with m = 4096 registers and V = 4093 empty: 3.0011 → 3.
        distinct: 3,
        distinctRelativeStandardError: 1.04 / Math.sqrt(4096),
        frequencies: { a: 2 },
      },
    );
  });

  it("leaves out what the plan does not ask for, and says histogram: null when no edges are known", () => {
    const plans: FeaturePlans = {
      x: { type: "numerical", quantiles: [], quantileSketchK: 200, histogram: null },
      y: { type: "numerical", quantiles: [], quantileSketchK: 200 },
      c: { type: "categorical", categoryCapacity: 10, topK: 0, frequencies: false },
    };
    const create = () => FeatureStatistics.forFeatures(plans);
    const numerical = {
      type: "numerical",
      count: 2,
      missing: 0,
      sum: 4,
      mean: 2,
      stddev: Math.SQRT2,
      min: 1,
      max: 3,
    };
    assert.deepStrictEqual(accumulate(create, observe("x", [1, 3])).result(), {
      ...numerical,
      histogram: null,
    });
    assert.deepStrictEqual(accumulate(create, observe("y", [1, 3])).result(), numerical);
    assert.deepStrictEqual(accumulate(create, observe("c", ["u", "v"])).result(), {
      type: "categorical",
      count: 2,
      missing: 0,
      topK: [],
      frequenciesExact: true,
      maxUndercount: 0,
    });
  });

  it("merging partial accumulators sent through JSON equals a single pass", () => {
    const numericalValue = fc.oneof(
      { weight: 8, arbitrary: fc.double({ min: -2, max: 10, noNaN: true, noDefaultInfinity: true }) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    const categoricalValue = fc.oneof(fc.constantFrom("a", "b", "c", "d"), fc.constant(null));
    // At most 5 · 40 = 200 values = k, so the quantile sketch is exact and merged equals single pass exactly.
    const parts = <T>(value: fc.Arbitrary<T>) =>
      fc.array(fc.array(value, { maxLength: 40 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(parts(numericalValue), parts(categoricalValue), (numericalParts, categoricalParts) => {
        const cases: [string, FeatureValue[][]][] = [
          ["delay", numericalParts],
          ["origin", categoricalParts],
        ];
        for (const [feature, split] of cases) {
          const observed = split.map((part) => observe(feature, part));
          const merged = accumulateInParts(forFeatures, FeatureStatistics.fromJSON, observed);
          assertClose(merged.result(), accumulate(forFeatures, observed.flat()).result(), 1e-9);
        }
      }),
    );
  });

  it("counts present values without the rest of the result: 0 unbound, missing ones left out", () => {
    assert.strictEqual(forFeatures().valueCount(), 0);
    // 3 present, 2 missing, on both kinds of feature.
    const delay = accumulate(forFeatures, observe("delay", [1, null, 7, null, 30]));
    const origin = accumulate(forFeatures, observe("origin", ["ATL", null, "BOS", "ATL", null]));
    assert.strictEqual(delay.valueCount(), 3);
    assert.strictEqual(origin.valueCount(), 3);
    assert.strictEqual(delay.result()?.count, 3);
    assert.strictEqual(origin.result()?.count, 3);
  });

  it("starts unbound: empty merges are no-ops, the first observation or merge fixes the feature", () => {
    const empty = forFeatures();
    assert.strictEqual(empty.feature, undefined);
    assert.strictEqual(empty.result(), undefined);
    assert.deepStrictEqual(empty.toJSON(), { feature: null });

    const delay = accumulate(forFeatures, observe("delay", [1, 2]));
    const adopted = forFeatures();
    adopted.merge(forFeatures());
    adopted.merge(throughJson(delay, FeatureStatistics.fromJSON));
    assert.strictEqual(adopted.feature, "delay");
    assert.deepStrictEqual(adopted.result(), delay.result());

    // A decoded empty accumulator merges, and adopts the plan that travels with the merged one.
    const decodedEmpty = throughJson(forFeatures(), FeatureStatistics.fromJSON);
    decodedEmpty.merge(delay);
    assert.deepStrictEqual(decodedEmpty.result(), delay.result());
  });

  it("refuses to mix features or plans, and features it has no plan for", () => {
    const delay = accumulate(forFeatures, observe("delay", [1]));
    const origin = accumulate(forFeatures, observe("origin", ["a"]));
    assert.throws(
      () => delay.add({ feature: "origin", value: "b" }),
      /statistics of "delay" cannot take a value of "origin"/,
    );
    assert.throws(() => delay.merge(origin), AccumulatorError);
    assert.throws(
      () => forFeatures().add({ feature: "speed", value: 3 }),
      /no statistics plan for feature "speed"/,
    );
    const otherEdges = FeatureStatistics.forFeatures({
      delay: { ...NUMERICAL, histogram: { edges: [0, 5, 10], edgesFrom: "spec" } },
    });
    otherEdges.add({ feature: "delay", value: 2 });
    assert.throws(
      () => delay.merge(otherEdges),
      /cannot merge numerical statistics accumulators with different plan/,
    );
    assert.throws(
      () => throughJson(forFeatures(), FeatureStatistics.fromJSON).add({ feature: "delay", value: 1 }),
      /no statistics plan for feature "delay"/,
    );
  });

  it("rejects JSON whose parts do not match its plan", () => {
    const json = JSON.parse(JSON.stringify(accumulate(forFeatures, observe("delay", [1]))));
    delete json.statistics.histogram;
    assert.throws(
      () => FeatureStatistics.fromJSON(json),
      /histogram must be in the JSON exactly when the plan asks for it/,
    );
    assert.throws(() => FeatureStatistics.fromJSON({ feature: 3 }), /invalid feature statistics JSON/);
  });
});
