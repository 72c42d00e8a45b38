import * as assert from "assert";
import fc from "fast-check";
import { AccumulatorError } from "../../transforms/statistics/accumulator";
import { partitionPoint } from "../../transforms/statistics/partition_point";
import { KllSketch, kllNormalizedRankError } from "../../transforms/statistics/quantile_sketch";
import { accumulate, accumulateInParts, throughJson } from "./accumulate";
import { exponential, pareto, sample, standardNormal } from "./random_data";

const N = 100_000;
const EPSILON = kllNormalizedRankError(200);
const sketch = () => new KllSketch();

/**
 * The largest rank error of the sketch's answers against the data's exact
 * ranks, over 999 probabilities q: a quantile answer v is off by the distance
 * from q to v's true rank range [#(x < v)/n, #(x ≤ v)/n], and the rank of the
 * true q-quantile is off by its difference from #(x ≤ that value)/n.
 */
function maxRankError(summary: KllSketch, data: readonly number[]): number {
  const sorted = Float64Array.from(data).sort();
  const n = sorted.length;
  const below = (v: number) => partitionPoint(sorted, (x) => x < v) / n;
  const atOrBelow = (v: number) => partitionPoint(sorted, (x) => x <= v) / n;
  let worst = 0;
  for (let i = 1; i < 1000; i++) {
    const q = i / 1000;
    const answer = summary.quantile(q) as number;
    worst = Math.max(worst, below(answer) - q, q - atOrBelow(answer));
    const trueQuantile = sorted[Math.ceil(q * n) - 1];
    worst = Math.max(worst, Math.abs((summary.rank(trueQuantile) as number) - atOrBelow(trueQuantile)));
  }
  return worst;
}

/** Exact nearest-rank quantile (Hyndman & Fan type 1): the ⌈q·n⌉-th smallest value. */
function nearestRank(sorted: readonly number[], q: number): number {
  return q === 0 ? sorted[0] : sorted[Math.ceil(Math.round(q * sorted.length * 1e9) / 1e9) - 1];
}

const uniform = sample(N, 1, (u) => u());
const streams: Record<string, number[]> = {
  uniform,
  normal: sample(N, 2, standardNormal),
  exponential: sample(N, 3, exponential),
  "Pareto(α = 1.1), heavy-tailed": sample(N, 4, pareto(1.1)),
  "sorted ascending": [...uniform].sort((a, b) => a - b),
  "sorted descending": [...uniform].sort((a, b) => b - a),
  "sawtooth (ascending runs of 1000)": Array.from({ length: N }, (_, i) => i % 1000),
  "ten distinct values (ties)": sample(N, 5, (u) => Math.floor(10 * u())),
};

describe("KLL quantile sketch", () => {
  it("states DataSketches' error for k = 200: 1.33 % single-sided", () => {
    // 2.296 / 200^0.9723 = 0.013295 (KllHelper.getNormalizedRankError, pmf = false).
    assert.strictEqual(EPSILON.toFixed(5), "0.01329");
  });

  it("gives exact nearest-rank quantiles of a small set (Wikipedia, Percentile, nearest-rank example)", () => {
    // 15, 20, 35, 40, 50: the P-th percentile is the ⌈P/100 · 5⌉-th value, so the 5th, 30th,
    // 40th, 50th and 100th percentiles are 15, 20, 20, 35 and 50.
    const small = accumulate(sketch, [40, 15, 50, 35, 20]);
    assert.deepStrictEqual(
      [0.05, 0.3, 0.4, 0.5, 1].map((q) => small.quantile(q)),
      [15, 20, 20, 35, 50],
    );
    // Quartiles: ⌈1.25⌉ = 2nd value 20 and ⌈3.75⌉ = 4th value 40.
    assert.strictEqual(small.iqr(), 20);
    assert.deepStrictEqual(
      [10, 15, 35, 37, 50, 60].map((x) => small.rank(x)),
      [0, 0.2, 0.6, 0.6, 1, 1],
    );
    assert.deepStrictEqual(small.result([0.5]), {
      count: 5,
      missing: 0,
      nonFinite: 0,
      min: 15,
      max: 50,
      quantiles: [{ probability: 0.5, value: 35 }],
      iqr: 20,
      normalizedRankError: EPSILON,
    });
  });

  it("is not fooled by q·n rounding (0.3 · 10 = 3.0000000000000004)", () => {
    const tenValues = accumulate(sketch, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepStrictEqual(
      [0.3, 0.7, 0.31].map((q) => tenValues.quantile(q)),
      [3, 7, 4],
    );
  });

  it("counts missing and non-finite values apart and answers null when empty", () => {
    const withGaps = accumulate(sketch, [null, 3, NaN, -Infinity, 1]);
    assert.deepStrictEqual(withGaps.result([0.5]), {
      count: 2,
      missing: 1,
      nonFinite: 2,
      min: 1,
      max: 3,
      quantiles: [{ probability: 0.5, value: 1 }],
      iqr: 2,
      normalizedRankError: EPSILON,
    });
    const empty = new KllSketch();
    assert.strictEqual(empty.quantile(0.5), null);
    assert.strictEqual(empty.rank(0), null);
    assert.strictEqual(empty.result().iqr, null);
    assert.throws(() => empty.quantile(1.5), RangeError);
  });

  for (const [name, stream] of Object.entries(streams)) {
    it(`keeps the rank error within ε on 100k values: ${name}`, () => {
      const summary = accumulate(sketch, stream);
      assert.ok(maxRankError(summary, stream) <= EPSILON);
      assert.strictEqual(summary.quantile(0), Math.min(...stream));
      assert.strictEqual(summary.quantile(1), Math.max(...stream));
      // Σ k·(2/3)^d ≈ 3k = 600 items, plus the levels held at the minimum capacity of 8.
      assert.ok(summary.sortedView().values.length < 700);
    });
  }

  it("keeps the rank error within ε after merging arbitrary splits sent through JSON", () => {
    const stream = streams["Pareto(α = 1.1), heavy-tailed"].slice(0, 30_000);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const bounds = [0, ...cuts.sort((a, b) => a - b), stream.length];
          const parts = bounds.slice(1).map((end, i) => stream.slice(bounds[i], end));
          assert.ok(maxRankError(accumulateInParts(sketch, KllSketch.fromJSON, parts), stream) <= EPSILON);
        },
      ),
      // Fixed seed: the bound holds with 99 % probability per sketch, so random splits would be flaky.
      { seed: 2016, numRuns: 15 },
    );
  });

  it("merged equals exact quantiles while the total stays within k", () => {
    const value = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: -50, max: 50 }) }, fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 40 }), { maxLength: 5 }), (parts) => {
        const merged = accumulateInParts(sketch, KllSketch.fromJSON, parts);
        const values = parts.flat().filter((x): x is number => x !== null);
        const sorted = [...values].sort((a, b) => a - b);
        const probabilities = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
        assert.deepStrictEqual(
          merged.result(probabilities).quantiles.map((quantile) => quantile.value),
          probabilities.map((q) => (sorted.length === 0 ? null : nearestRank(sorted, q))),
        );
        assert.strictEqual(merged.result().missing, parts.flat().length - values.length);
      }),
    );
  });

  it("keeps count, exact min/max and total weight through merges with a tiny k", () => {
    const small = () => new KllSketch(8);
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 100 }), {
          maxLength: 6,
        }),
        (parts) => {
          const merged = accumulateInParts(small, KllSketch.fromJSON, parts);
          const values = parts.flat();
          const weights = merged.sortedView().cumulativeWeights;
          assert.strictEqual(merged.result().count, values.length);
          assert.strictEqual(weights.length === 0 ? 0 : weights[weights.length - 1], values.length);
          if (values.length > 0) {
            // ===, not Object.is: −0 and 0 are the same value, and either may be the one kept.
            assert.ok(merged.quantile(0) === Math.min(...values), `min ${merged.quantile(0)}`);
            assert.ok(merged.quantile(1) === Math.max(...values), `max ${merged.quantile(1)}`);
          }
        },
      ),
    );
  });

  it("round-trips through JSON, coin state included, so it continues identically", () => {
    const original = accumulate(sketch, streams.normal.slice(0, 5000));
    const restored = throughJson(original, KllSketch.fromJSON);
    assert.deepStrictEqual(restored.result([0.1, 0.5, 0.9]), original.result([0.1, 0.5, 0.9]));
    for (const value of streams.normal.slice(5000, 10_000)) {
      original.add(value);
      restored.add(value);
    }
    assert.deepStrictEqual(restored.toJSON(), original.toJSON());
  });

  it("refuses to merge sketches of different k and reads back only valid JSON", () => {
    assert.throws(() => new KllSketch(200).merge(new KllSketch(100)), /different k: 200 vs 100/);
    const valid = accumulate(sketch, [1, 2, 3]).toJSON();
    assert.throws(() => KllSketch.fromJSON({ ...valid, n: 4 }), /total weight/);
    assert.throws(
      () =>
        KllSketch.fromJSON({
          ...valid,
          levels: [
            [1, 2],
            [4, 3],
          ],
          n: 6,
        }),
      /sorted/,
    );
    assert.throws(() => KllSketch.fromJSON({ ...valid, k: 4 }), AccumulatorError);
  });
});
