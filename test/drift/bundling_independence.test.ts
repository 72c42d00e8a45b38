import * as assert from "assert";
import fc from "fast-check";
import type { FeatureBaseline } from "../../transforms/baseline/baseline_profile";
import { driftVerdicts } from "../../transforms/drift/drift_verdicts";
import { featureDrift } from "../../transforms/drift/feature_drift";
import { FeatureStatistics, Histogram, KllSketch, Moments, quantileEdges } from "../../transforms/statistics";
import type { FeaturePlans } from "../../transforms/statistics/feature_statistics";
import { assertClose } from "../statistics/assert_close";
import { sample, standardNormal } from "../statistics/random_data";

/**
 * A window's statistics and drift verdicts must not depend on how a runner
 * bundles its values and in which order it merges the partial accumulators.
 * Below the exact bound they are identical (moments up to floating-point
 * rounding of their sums); above it (a KLL sketch) D moves
 * within the sketches' rank error and no verdict that is not marked
 * `uncertain` flips.
 */
const BASELINE = sample(2000, 2201, standardNormal);

function baselineOf(sketchK: number): FeatureBaseline {
  const moments = new Moments();
  const quantiles = new KllSketch(sketchK, 100_000);
  for (const value of BASELINE) {
    moments.add(value);
    quantiles.add(value);
  }
  const histogram = new Histogram(quantileEdges(quantiles, 10));
  for (const value of BASELINE) histogram.add(value);
  return { type: "numerical", moments, quantiles, histogram, edgesRule: "quantile, 10 bins" };
}

function plansOf(baseline: FeatureBaseline, sketchK: number, exactUpTo: number): FeaturePlans {
  if (baseline.type !== "numerical") throw new Error("numerical");
  return {
    x: {
      type: "numerical",
      quantiles: [0.1, 0.25, 0.5, 0.75, 0.9],
      quantileSketchK: sketchK,
      exactQuantilesUpTo: exactUpTo,
      histogram: { edges: baseline.histogram.result().edges, edgesFrom: "baseline" },
    },
  };
}

/** The window accumulated bundle by bundle (cut at `cuts`), the partials merged in `order`. */
function bundled(plans: FeaturePlans, values: number[], cuts: number[], order: number[]): FeatureStatistics {
  const bounds = [0, ...[...new Set(cuts)].sort((a, b) => a - b), values.length];
  const partials = bounds.slice(1).map((end, i) => {
    const partial = FeatureStatistics.forFeatures(plans);
    for (const value of values.slice(bounds[i], end)) partial.add({ feature: "x", value });
    return partial;
  });
  const ordered = order.filter((i) => i < partials.length);
  const merged = FeatureStatistics.forFeatures(plans);
  for (const i of [...ordered, ...partials.keys()].filter((i, at, all) => all.indexOf(i) === at)) {
    merged.merge(partials[i]);
  }
  return merged;
}

const CHECKS = [
  { metric: "ks" as const, threshold: 0.05 },
  { metric: "psi" as const, threshold: 0.1, calibrateAt: 0.05 },
  { metric: "chi2" as const, threshold: 0.05 },
];

const rebundling = (maxLength: number) =>
  fc.record({
    shift: fc.double({ min: 0, max: 0.6, noNaN: true }),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    length: fc.integer({ min: 40, max: maxLength }),
    cuts: fc.array(fc.nat(maxLength), { maxLength: 12 }),
    order: fc.array(fc.nat(12), { maxLength: 13 }),
  });

describe("a window's results do not depend on bundling or merge order", function () {
  this.timeout(120_000);

  it("below the exact bound: identical statistics and drift results", () => {
    const baseline = baselineOf(200);
    const plans = plansOf(baseline, 200, 4096);
    fc.assert(
      fc.property(rebundling(1000), ({ shift, seed, length, cuts, order }) => {
        const values = sample(length, seed, standardNormal).map((value) => value + shift);
        const single = bundled(plans, values, [], []);
        const other = bundled(
          plans,
          values,
          cuts.map((cut) => cut % length),
          order,
        );
        // Quantiles, IQR, histogram, counts and extremes exactly; sums to the last bits of floating point.
        const ours = other.result() as unknown as Record<string, unknown>;
        const theirs = single.result() as unknown as Record<string, unknown>;
        const floatingSums = ["mean", "stddev", "sum"];
        for (const key of Object.keys(theirs)) {
          if (floatingSums.includes(key)) assertClose(ours[key], theirs[key], 1e-12, key);
          else assert.deepStrictEqual(ours[key], theirs[key], key);
        }
        assert.deepStrictEqual(
          featureDrift("x", CHECKS, baseline, other, 30),
          featureDrift("x", CHECKS, baseline, single, 30),
        );
      }),
      { numRuns: 40 },
    );
  });

  it("above it: D within the sketches' rank error, and no verdict not marked uncertain flips", () => {
    const baseline = baselineOf(64);
    const plans = plansOf(baseline, 64, 256);
    fc.assert(
      fc.property(rebundling(3000), ({ shift, seed, length, cuts, order }) => {
        const values = sample(length + 300, seed, standardNormal).map((value) => value + shift / 3);
        const verdictsOf = (window: FeatureStatistics) =>
          driftVerdicts(featureDrift("x", CHECKS.slice(0, 1), baseline, window, 30), "none")[0];
        const single = verdictsOf(bundled(plans, values, [], []));
        const other = verdictsOf(
          bundled(
            plans,
            values,
            cuts.map((cut) => cut % values.length),
            order,
          ),
        );
        const bound = (single.details?.rankErrorBound as number) + (other.details?.rankErrorBound as number);
        assert.ok(
          Math.abs((other.value as number) - (single.value as number)) <= bound,
          "D within the bound",
        );
        if (!single.uncertain && !other.uncertain) assert.strictEqual(other.drifted, single.drifted);
      }),
      { numRuns: 60 },
    );
  });
});
