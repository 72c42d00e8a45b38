import * as assert from "assert";
import { baselineHistogramEdges } from "../../pipelines/baseline/histogram_edges";
import { KllSketch } from "../../transforms/statistics";

function sketchOf(values: readonly number[]): KllSketch {
  const sketch = new KllSketch();
  for (const value of values) sketch.add(value);
  return sketch;
}

describe("baseline histogram edges", () => {
  it("are the deciles of 1…100 between the exact min and max (n ≤ k, so the sketch is exact)", () => {
    // Nearest rank: the q-quantile of 1…100 is the ⌈100·q⌉-th value, i.e. 100·q.
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.deepStrictEqual(baselineHistogramEdges(sketchOf(values)), {
      edges: [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
      edgesRule: "quantile, 10 bins",
    });
    assert.deepStrictEqual(baselineHistogramEdges(sketchOf(values), 4).edges, [1, 25, 50, 75, 100]);
  });

  it("merge repeated quantiles of a feature with few values, and say so", () => {
    // 50 zeros, 30 ones, 20 twos: the 10th…50th values are 0, the 60th…80th 1, the 90th and 100th 2.
    const values = [...Array(50).fill(0), ...Array(30).fill(1), ...Array(20).fill(2)];
    assert.deepStrictEqual(baselineHistogramEdges(sketchOf(values)), {
      edges: [0, 1, 2],
      edgesRule: "quantile, 10 bins, 2 after merging repeated quantiles",
    });
  });

  it("give a constant feature the point bin [v, v]", () => {
    assert.deepStrictEqual(baselineHistogramEdges(sketchOf([7, 7, 7])), {
      edges: [7, 7],
      edgesRule: "quantile, 10 bins, 1 after merging repeated quantiles",
    });
  });
});
