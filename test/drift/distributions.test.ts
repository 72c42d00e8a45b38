import * as assert from "assert";
import {
  DriftInputError,
  UNTRACKED_OUTCOME,
  alignBins,
  alignCategories,
  requireAlignedCounts,
  requireWeightedSample,
} from "../../transforms/drift/distributions";
import {
  binnedCounts,
  categoricalDistribution,
  numericalDistribution,
  sketchSample,
} from "../../transforms/drift/from_accumulators";
import { CategoryFrequencies } from "../../transforms/statistics/categorical";
import { Histogram } from "../../transforms/statistics/histogram";
import { Moments } from "../../transforms/statistics/moments";
import { KllSketch, kllNormalizedRankError } from "../../transforms/statistics/quantile_sketch";
import { baselineDistribution } from "../../transforms/drift/feature_drift";
import { baselineOf } from "../outliers/baseline_fixture";
import { accumulate } from "../statistics/accumulate";
import { categories, exactSample } from "./inputs";

describe("drift inputs", () => {
  describe("alignBins", () => {
    it("opens the end bins (underflow joins the first, overflow the last) and drops bins empty on both sides", () => {
      const edges = [0, 1, 2, 3];
      const aligned = alignBins({ edges, counts: [0, 4, 0, 6, 0] }, { edges, counts: [1, 2, 0, 3, 5] });
      assert.deepStrictEqual(aligned, {
        outcomes: ["< 1", "≥ 2"],
        baseline: [4, 6],
        current: [3, 8],
        ordered: true,
      });
    });

    it("keeps a constant baseline's point bin apart from values below and above it", () => {
      const edges = [5, 5];
      const aligned = alignBins({ edges, counts: [0, 9, 0] }, { edges, counts: [1, 7, 2] });
      assert.deepStrictEqual(aligned, {
        outcomes: ["< 5", "[5, 5]", "> 5"],
        baseline: [0, 9, 0],
        current: [1, 7, 2],
        ordered: true,
      });
    });

    it("refuses histograms on different edges or with the wrong number of counts", () => {
      assert.throws(
        () => alignBins({ edges: [0, 1], counts: [0, 1, 0] }, { edges: [0, 2], counts: [0, 1, 0] }),
        (error: Error) =>
          error instanceof DriftInputError && /different edges.*\[0, 1\].*\[0, 2\]/.test(error.message),
      );
      assert.throws(
        () => alignBins({ edges: [0, 1], counts: [0, 1, 0] }, { edges: [0, 1], counts: [1, 0] }),
        /current histogram: expected 3 counts \(underflow, 1 bins, overflow\), got 2/,
      );
    });
  });

  describe("alignCategories", () => {
    it("takes the union of categories, counting a category missing on one side as 0", () => {
      const aligned = alignCategories(
        categories({ a: 5, b: 3, gone: 2 }),
        categories({ b: 1, a: 4, new: 7 }),
      );
      assert.deepStrictEqual(aligned, {
        outcomes: ["a", "b", "gone", "new"],
        baseline: [5, 3, 2, 0],
        current: [4, 1, 0, 7],
      });
    });

    it("keeps a bounded summary's untracked remainder as one more outcome", () => {
      const aligned = alignCategories(categories({ a: 5 }, 3), categories({ a: 2 }));
      assert.deepStrictEqual(aligned, {
        outcomes: ["a", UNTRACKED_OUTCOME],
        baseline: [5, 3],
        current: [2, 0],
      });
    });
  });

  it("validates aligned counts and weighted samples, naming the side and the problem", () => {
    const outcomes = ["x", "y"];
    assert.throws(
      () => requireAlignedCounts({ outcomes, baseline: [1], current: [1, 2] }),
      /2 outcomes, 1 baseline/,
    );
    assert.throws(
      () => requireAlignedCounts({ outcomes, baseline: [1, -1], current: [1, 2] }),
      /baseline count of "y" is -1/,
    );
    assert.throws(
      () => requireAlignedCounts({ outcomes, baseline: [1, 1], current: [0, 0] }),
      /current .* no values/,
    );
    assert.throws(
      () => requireWeightedSample("current", { values: [], cumulativeWeights: [], rankError: 0 }),
      /current sample has no values/,
    );
    assert.throws(
      () => requireWeightedSample("baseline", { values: [2, 1], cumulativeWeights: [1, 2], rankError: 0 }),
      /baseline sample: value 1 \(1\) is not finite and ascending/,
    );
    assert.throws(
      () => requireWeightedSample("baseline", { values: [1, 2], cumulativeWeights: [2, 1], rankError: 0 }),
      /non-decreasing/,
    );
  });

  describe("from accumulators", () => {
    it("reads a histogram as [underflow, bins…, overflow]", () => {
      const histogram = accumulate(() => new Histogram([0, 1, 2]), [-5, 0.5, 1, 1.5, 2, 7, 8]);
      assert.deepStrictEqual(binnedCounts(histogram), { edges: [0, 1, 2], counts: [1, 1, 3, 2] });
    });

    it("reads an uncompacted KLL sketch as the exact sample (rank error 0)", () => {
      const sketch = accumulate(() => new KllSketch(), [3, 1, 2, 2]);
      assert.deepStrictEqual(sketchSample(sketch), {
        values: [1, 2, 2, 3],
        cumulativeWeights: [1, 2, 3, 4],
        rankError: 0,
      });
      assert.deepStrictEqual(sketchSample(sketch), exactSample([3, 1, 2, 2]));
    });

    it("reads a compacted KLL sketch as a weighted sample of total weight n with the sketch's rank error", () => {
      const values = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);
      const sample = sketchSample(accumulate(() => new KllSketch(200), values));
      assert.ok(sample.values.length < 1000, `${sample.values.length} items retained`);
      assert.strictEqual(sample.cumulativeWeights[sample.cumulativeWeights.length - 1], 10_000);
      assert.strictEqual(sample.rankError, kllNormalizedRankError(200));
    });

    it("keeps what a Misra–Gries summary no longer attributes as untracked, so the total stays n", () => {
      const exact = categoricalDistribution(
        accumulate(() => new CategoryFrequencies(), ["a", "b", "a", null]),
      );
      assert.deepStrictEqual(exact, {
        type: "categorical",
        categories: {
          counts: new Map([
            ["a", 2],
            ["b", 1],
          ]),
          untracked: 0,
        },
      });
      // Capacity 2: after a, a, b the new c decrements every counter (a → 1, b dropped, c dropped),
      // then d takes the free counter: counters {a: 1, d: 1}, n = 5, so 3 values are untracked.
      const bounded = categoricalDistribution(
        accumulate(() => new CategoryFrequencies(2), ["a", "a", "b", "c", "d"]),
      );
      assert.deepStrictEqual(bounded, {
        type: "categorical",
        categories: {
          counts: new Map([
            ["a", 1],
            ["d", 1],
          ]),
          untracked: 3,
        },
      });
    });

    it("builds a numerical distribution from a baseline's accumulators, with the population stddev", () => {
      const values = [2, 4, 4, 4, 5, 5, 7, 9];
      const distribution = numericalDistribution({
        histogram: accumulate(() => new Histogram([0, 5, 10]), values),
        quantiles: accumulate(() => new KllSketch(), values),
        moments: accumulate(() => new Moments(), values),
      });
      // Mean 5, Σ(x − 5)² = 32, population variance 32 / 8 = 4 (the classic example with σ = 2).
      assert.deepStrictEqual(distribution, {
        type: "numerical",
        bins: { edges: [0, 5, 10], counts: [0, 4, 4, 0] },
        sample: exactSample(values),
        stddev: 2,
      });
      const imported = numericalDistribution({
        histogram: accumulate(() => new Histogram([0, 5, 10]), values),
        moments: accumulate(() => new Moments(), values),
      });
      assert.strictEqual(imported.sample, undefined);
    });

    it("builds a baseline feature's distribution once and hands every window the same one", () => {
      const profile = baselineOf({ delay: [2, 4, 4, 4, 5, 5, 7, 9], origin: ["ATL", "BOS", "ATL"] });
      for (const feature of [profile.features.delay, profile.features.origin]) {
        const first = baselineDistribution(feature);
        assert.strictEqual(baselineDistribution(feature), first);
        assert.deepStrictEqual(
          first,
          feature.type === "numerical"
            ? numericalDistribution(feature)
            : categoricalDistribution(feature.frequencies),
        );
      }
    });
  });
});
