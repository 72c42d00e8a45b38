import * as assert from "assert";
import type { FeatureBaseline } from "../../transforms/baseline/baseline_profile";
import type { DriftCheck } from "../../transforms/drift/drift_plan";
import { driftVerdicts } from "../../transforms/drift/drift_verdicts";
import { featureDrift } from "../../transforms/drift/feature_drift";
import { DRIFT_METRICS, DRIFT_METRIC_NAMES } from "../../transforms/drift/registry";
import {
  CategoryFrequencies,
  FeatureStatistics,
  Histogram,
  KllSketch,
  Moments,
  quantileEdges,
} from "../../transforms/statistics";
import type { FeaturePlans } from "../../transforms/statistics/feature_statistics";
import { BASELINE_EXACT_VALUES } from "../../transforms/statistics/quantile_sketch";
import { exponential, uniformSource } from "../statistics/random_data";

/**
 * Every metric calibrated to α = 0.05 — the tests at level α, the distances
 * with a user threshold below any null quantile, so that the null quantile
 * alone decides (with a default threshold above it the rate is lower still) —
 * on windows of n = 100 drawn from the baseline's own distribution, through
 * the job's featureDrift and driftVerdicts. The share of windows that drift must lie in
 * the two-sided binomial interval α ± 3·√(α(1 − α)/R): a metric that never
 * fires fails as surely as one that fires too often. Seeds are fixed.
 */
const ALPHA = 0.05;
const WINDOWS = 1000;
const WINDOW_SIZE = 100;
const BASELINE_SIZE = 3000;
const TOLERANCE = 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / WINDOWS);
const CATEGORY_SHARES = [0.35, 0.25, 0.15, 0.1, 0.08, 0.04, 0.02, 0.01];

/** Exponential values rounded to 0.1: skewed, with ties, like a real delay or amount. */
const numericalValue = (uniform: () => number) => Math.round(exponential(uniform) * 100) / 10;
function categoricalValue(uniform: () => number): string {
  let u = uniform();
  let category = 0;
  while (category < CATEGORY_SHARES.length - 1 && u >= CATEGORY_SHARES[category])
    u -= CATEGORY_SHARES[category++];
  return `c${category}`;
}

function numericalBaseline(values: number[]): FeatureBaseline {
  const moments = new Moments();
  const quantiles = new KllSketch(1000, BASELINE_EXACT_VALUES);
  for (const value of values) {
    moments.add(value);
    quantiles.add(value);
  }
  const histogram = new Histogram(quantileEdges(quantiles, 10));
  for (const value of values) histogram.add(value);
  return { type: "numerical", moments, quantiles, histogram, edgesRule: "quantile, 10 bins" };
}

function calibratedChecks(featureType: "numerical" | "categorical"): DriftCheck[] {
  return DRIFT_METRIC_NAMES.filter((name) =>
    (DRIFT_METRICS[name].featureTypes as readonly string[]).includes(featureType),
  ).map((metric) => {
    const test = DRIFT_METRICS[metric].driftWhen === "pValueBelowThreshold";
    return test ? { metric, threshold: ALPHA } : { metric, threshold: Number.MIN_VALUE, calibrateAt: ALPHA };
  });
}

describe("false alarms of every metric at n = 100, calibrated to α = 0.05 (the null quantile deciding)", function () {
  this.timeout(300_000);
  const uniform = uniformSource(1601);
  const numericalValues = Array.from({ length: BASELINE_SIZE }, () => numericalValue(uniform));
  const baselines: Record<string, FeatureBaseline> = {
    x: numericalBaseline(numericalValues),
    category: (() => {
      const frequencies = new CategoryFrequencies();
      for (let i = 0; i < BASELINE_SIZE; i++) frequencies.add(categoricalValue(uniform));
      return { type: "categorical", frequencies } as FeatureBaseline;
    })(),
  };
  const x = baselines.x;
  if (x.type !== "numerical") throw new Error("x is numerical");
  const plans: FeaturePlans = {
    x: {
      type: "numerical",
      quantiles: [0.5],
      quantileSketchK: 1000,
      exactQuantilesUpTo: 4096,
      histogram: { edges: x.histogram.result().edges, edgesFrom: "baseline" },
    },
    category: { type: "categorical", categoryCapacity: 1000, topK: 10, frequencies: true },
  };
  const drifted = new Map<string, number>();
  for (let w = 0; w < WINDOWS; w++) {
    for (const feature of ["x", "category"]) {
      const window = FeatureStatistics.forFeatures(plans);
      for (let i = 0; i < WINDOW_SIZE; i++) {
        window.add({ feature, value: feature === "x" ? numericalValue(uniform) : categoricalValue(uniform) });
      }
      const checks = calibratedChecks(baselines[feature].type);
      for (const verdict of driftVerdicts(
        featureDrift(feature, checks, baselines[feature], window, 30),
        "none",
      )) {
        const key = `${verdict.metric} on ${feature}`;
        drifted.set(key, (drifted.get(key) ?? 0) + (verdict.drifted ? 1 : 0));
      }
    }
  }
  for (const [key, count] of drifted) {
    it(`${key}: drifts in α ± ${TOLERANCE.toFixed(3)} of windows`, () => {
      const rate = count / WINDOWS;
      assert.ok(Math.abs(rate - ALPHA) <= TOLERANCE, `${key}: ${rate} is outside ${ALPHA} ± ${TOLERANCE}`);
    });
  }
});
