import "apache-beam";
import { Context, globalRegistry } from "apache-beam/coders/coders";
import * as assert from "assert";
import { Reader, Writer } from "protobufjs";
import { AccumulatorCoder } from "../../../transforms/statistics/beam/accumulator_coder";
import { accumulatorCombineFn } from "../../../transforms/statistics/beam/accumulator_combine_fn";
import { FeaturePlans, FeatureStatistics } from "../../../transforms/statistics/feature_statistics";

const PLANS: FeaturePlans = {
  delay: {
    type: "numerical",
    quantiles: [0.25, 0.5, 0.75],
    quantileSketchK: 16,
    histogram: { edges: [-10, 0, 10, 60], edgesFrom: "spec" },
  },
  origin: { type: "categorical", categoryCapacity: 3, topK: 2, frequencies: true, distinctPrecision: 8 },
};

function accumulated(feature: string, values: (number | string | null)[]): FeatureStatistics {
  const accumulator = FeatureStatistics.forFeatures(PLANS);
  for (const value of values) accumulator.add({ feature, value });
  return accumulator;
}

function roundTrip(
  coder: AccumulatorCoder<FeatureStatistics>,
  accumulator: FeatureStatistics,
): FeatureStatistics {
  const writer = new Writer();
  coder.encode(accumulator, writer, Context.wholeStream);
  return coder.decode(new Reader(writer.finish()), Context.wholeStream);
}

// Enough values that the sketch compacts (k = 16) and the frequencies pass their capacity (3).
const DELAYS_A = Array.from({ length: 50 }, (_, i) => ((i * 37) % 90) - 20);
const DELAYS_B = [null, ...Array.from({ length: 40 }, (_, i) => ((i * 53) % 70) - 5)];
const ORIGINS_A = ["DFW", "ORD", "DFW", "ATL", "LAX", "DFW", null, "SFO"];
const ORIGINS_B = ["ORD", "ORD", "JFK", "DFW", "BOS"];

describe("the accumulator coder with feature statistics", () => {
  const coder = accumulatorCombineFn("featureStatistics", () => FeatureStatistics.forFeatures(PLANS))
    .accumulatorCoder!(undefined as never) as AccumulatorCoder<FeatureStatistics>;

  it("is the combine's coder, and decodes a FeatureStatistics with the same JSON", () => {
    assert.strictEqual(coder.className, "featureStatistics");
    for (const accumulator of [
      accumulated("delay", DELAYS_A),
      accumulated("origin", ORIGINS_A),
      FeatureStatistics.forFeatures(PLANS),
    ]) {
      const decoded = roundTrip(coder, accumulator);
      assert.ok(decoded instanceof FeatureStatistics);
      assert.deepStrictEqual(decoded.toJSON(), accumulator.toJSON());
    }
  });

  it("encode → decode → merge equals merging the originals", () => {
    for (const [feature, a, b] of [
      ["delay", DELAYS_A, DELAYS_B],
      ["origin", ORIGINS_A, ORIGINS_B],
    ] as const) {
      // The same merges on both sides: which accumulator a sketch merges into decides its coin flips.
      const originals = FeatureStatistics.forFeatures(PLANS);
      originals.merge(accumulated(feature, [...a]));
      originals.merge(accumulated(feature, [...b]));
      const decoded = FeatureStatistics.forFeatures(PLANS);
      decoded.merge(roundTrip(coder, accumulated(feature, [...a])));
      decoded.merge(roundTrip(coder, accumulated(feature, [...b])));
      assert.deepStrictEqual(decoded.result(), originals.result());
      assert.deepStrictEqual(decoded.toJSON(), originals.toJSON());
    }
  });

  it("is rebuilt from its proto by the coder registry, as a worker rebuilds it", () => {
    const proto = coder.toProto();
    const rebuilt = globalRegistry().getCoder(
      proto.spec!.urn,
      proto.spec!.payload,
    ) as AccumulatorCoder<FeatureStatistics>;
    assert.strictEqual(rebuilt.className, "featureStatistics");
    const accumulator = accumulated("origin", ORIGINS_B);
    assert.deepStrictEqual(roundTrip(rebuilt, accumulator).result(), accumulator.result());
  });
});
