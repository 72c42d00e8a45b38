import * as assert from "assert";
import fc from "fast-check";
import { AccumulatorError } from "../../transforms/statistics/accumulator";
import { NumericValue } from "../../transforms/statistics/excluded_values";
import { Histogram, quantileEdges } from "../../transforms/statistics/histogram";
import { equalWidthEdges } from "./equal_width_edges";
import { KllSketch } from "../../transforms/statistics/quantile_sketch";
import { accumulate, accumulateInParts, throughJson } from "./accumulate";

const EDGES = [0, 1, 2, 3];
const histogram = () => new Histogram(EDGES);
const numericValue: fc.Arbitrary<NumericValue> = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1, max: 4, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 2, 3) },
  { weight: 1, arbitrary: fc.constantFrom(null, NaN, Infinity, -Infinity) },
);

describe("histogram", () => {
  it("bins [e_i, e_i+1) with a closed last bin, and counts under/overflow, missing and non-finite", () => {
    const values = [-1, 0, 0.999, 1, 2.5, 3, 3.0001, null, NaN, Infinity];
    assert.deepStrictEqual(accumulate(histogram, values).result(), {
      edges: [0, 1, 2, 3],
      counts: [2, 1, 2],
      underflow: 1,
      overflow: 1,
      count: 7,
      missing: 1,
      nonFinite: 2,
    });
  });

  it("puts each finite value in the one bin a linear scan over the edges finds", () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 4, noNaN: true }), (value) => {
        const expected = { counts: [0, 0, 0], underflow: 0, overflow: 0 };
        if (value < 0) expected.underflow = 1;
        else if (value > 3) expected.overflow = 1;
        else
          expected.counts[EDGES.findIndex((edge, i) => i === 2 || (edge <= value && value < EDGES[i + 1]))] =
            1;
        const result = accumulate(histogram, [value]).result();
        assert.deepStrictEqual(
          { counts: result.counts, underflow: result.underflow, overflow: result.overflow },
          expected,
        );
      }),
    );
  });

  it("has a point bin [v, v] for a constant feature", () => {
    const point = accumulate(() => new Histogram([5, 5]), [4, 5, 5, 6]).result();
    assert.deepStrictEqual([point.underflow, ...point.counts, point.overflow], [1, 2, 1]);
  });

  it("rejects edges that are not finite and strictly increasing", () => {
    assert.throws(() => new Histogram([1]), /at least 2 edges/);
    assert.throws(() => new Histogram([0, 0, 1]), /strictly increasing, but edge 1 \(0\) follows 0/);
    assert.throws(() => new Histogram([2, 1]), /strictly increasing/);
    assert.throws(() => new Histogram([0, NaN]), /edge 1 is NaN/);
  });

  it("merging partial histograms equals a single pass exactly", () => {
    fc.assert(
      fc.property(fc.array(fc.array(numericValue, { maxLength: 30 }), { maxLength: 6 }), (parts) => {
        const merged = accumulateInParts(histogram, Histogram.fromJSON, parts);
        assert.deepStrictEqual(merged.result(), accumulate(histogram, parts.flat()).result());
      }),
    );
  });

  it("round-trips through JSON", () => {
    fc.assert(
      fc.property(fc.array(numericValue), (values) => {
        const original = accumulate(histogram, values);
        assert.deepStrictEqual(throughJson(original, Histogram.fromJSON).result(), original.result());
      }),
    );
  });

  it("refuses to merge histograms with different edges", () => {
    assert.throws(
      () => histogram().merge(new Histogram([0, 1, 2, 4])),
      (error: Error) =>
        error instanceof AccumulatorError &&
        /different edges: \[0,1,2,3\] vs \[0,1,2,4\]/.test(error.message),
    );
    assert.throws(() => Histogram.fromJSON({ ...histogram().toJSON(), counts: [0, 0] }), /one count per bin/);
  });

  it("chooses equal-width edges between min and max", () => {
    assert.deepStrictEqual(equalWidthEdges(0, 10, 5), [0, 2, 4, 6, 8, 10]);
    assert.deepStrictEqual(equalWidthEdges(-1, 1, 4), [-1, -0.5, 0, 0.5, 1]);
    assert.deepStrictEqual(equalWidthEdges(3, 3, 4), [3, 3]);
    assert.throws(() => equalWidthEdges(1, 0, 4), /min ≤ max/);
    assert.throws(() => equalWidthEdges(0, 1, 0), /positive integer/);
  });

  it("chooses quantile edges: the min, the deciles, the max", () => {
    // 1 … 100 (exact in the sketch, n ≤ k): the nearest-rank i/10-quantile is the 10i-th value, 10i.
    const oneToHundred = accumulate(
      () => new KllSketch(),
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    assert.deepStrictEqual(quantileEdges(oneToHundred), [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    // 1, 1, 1, 1, 2: the quantiles up to 0.8 are 1, those above 2, so the ten bins collapse to one.
    assert.deepStrictEqual(quantileEdges(accumulate(() => new KllSketch(), [1, 1, 1, 1, 2])), [1, 2]);
    assert.deepStrictEqual(
      quantileEdges(
        accumulate(() => new KllSketch(), [7, 7, 7]),
        4,
      ),
      [7, 7],
    );
    assert.throws(() => quantileEdges(new KllSketch()), /empty sketch/);
  });
});
