import * as assert from "assert";
import { chi2 } from "../../transforms/drift/chi2";
import type { DriftResult } from "../../transforms/drift/drift_result";
import { driftVerdicts } from "../../transforms/drift/drift_verdicts";
import { WeightedSample, alignBins, alignCategories } from "../../transforms/drift/distributions";
import { categoricalDistribution, numericalDistribution } from "../../transforms/drift/from_accumulators";
import { ks } from "../../transforms/drift/ks";
import { psi } from "../../transforms/drift/psi";
import {
  DRIFT_METRICS,
  DRIFT_METRIC_NAMES,
  distributionPair,
  DriftMetricName,
  driftMetric,
} from "../../transforms/drift/registry";
import { normedWasserstein } from "../../transforms/drift/wasserstein";
import { CategoryFrequencies } from "../../transforms/statistics/categorical";
import { Histogram, quantileEdges } from "../../transforms/statistics/histogram";
import { Moments } from "../../transforms/statistics/moments";
import { KllSketch } from "../../transforms/statistics/quantile_sketch";
import { accumulate } from "../statistics/accumulate";
import { sample, standardNormal } from "../statistics/random_data";

/** A feature's accumulators as the baseline job and a window build them: histogram on the baseline's decile edges. */
function numericalAccumulators(values: number[], edges: number[]) {
  return {
    histogram: accumulate(() => new Histogram(edges), values),
    quantiles: accumulate(() => new KllSketch(), values),
    moments: accumulate(() => new Moments(), values),
  };
}

const trainingValues = sample(20_000, 21, standardNormal);
const edges = quantileEdges(
  accumulate(() => new KllSketch(), trainingValues),
  10,
);
const baseline = numericalDistribution(numericalAccumulators(trainingValues, edges));
/** A window whose mean moved by one baseline standard deviation. */
const shifted = numericalDistribution(
  numericalAccumulators(
    sample(500, 22, (u) => 1 + standardNormal(u)),
    edges,
  ),
);

const categoricalBaseline = categoricalDistribution(
  accumulate(
    () => new CategoryFrequencies(),
    [...Array(600).fill("a"), ...Array(300).fill("b"), ...Array(100).fill("c")],
  ),
);
/** A window where a category never seen in training took a fifth of the traffic. */
const withUnseenCategory = categoricalDistribution(
  accumulate(
    () => new CategoryFrequencies(),
    [...Array(50).fill("a"), ...Array(30).fill("b"), ...Array(20).fill("new")],
  ),
);

/** The job's verdict on one metric's result: driftVerdicts, without multiple-testing correction. */
function drifted(metric: DriftMetricName, result: DriftResult, threshold: number): boolean | null {
  const test = DRIFT_METRICS[metric].driftWhen === "pValueBelowThreshold";
  const { value, pValue } = result;
  const comparison = {
    feature: "x",
    metric,
    value,
    pValue,
    threshold,
    effectiveThreshold: threshold,
    test,
    sampleSize: 100,
  };
  return driftVerdicts([comparison], "none")[0].drifted;
}

describe("drift metric registry", () => {
  it("lists every metric with its feature types, verdict direction and default threshold", () => {
    const table = Object.fromEntries(
      DRIFT_METRIC_NAMES.map((name) => {
        const { featureTypes, driftWhen, defaultThreshold } = DRIFT_METRICS[name];
        return [name, [featureTypes.join("+"), driftWhen, defaultThreshold]];
      }),
    );
    assert.deepStrictEqual(table, {
      ks: ["numerical", "pValueBelowThreshold", 0.05],
      wasserstein: ["numerical", "valueAboveThreshold", null],
      wasserstein_normed: ["numerical", "valueAboveThreshold", 0.1],
      jensen_shannon: ["numerical+categorical", "valueAboveThreshold", 0.1],
      kl: ["numerical+categorical", "valueAboveThreshold", 0.1],
      hellinger: ["numerical+categorical", "valueAboveThreshold", 0.1],
      psi: ["numerical+categorical", "valueAboveThreshold", 0.1],
      l_infinity: ["numerical+categorical", "valueAboveThreshold", 0.1],
      chi2: ["numerical+categorical", "pValueBelowThreshold", 0.05],
    });
  });

  it("computes from accumulators exactly what the metric functions compute on the same inputs", () => {
    assert.deepStrictEqual(
      driftMetric("ks").compute(distributionPair(baseline, shifted)),
      ks(baseline.sample as WeightedSample, shifted.sample as WeightedSample),
    );
    assert.deepStrictEqual(
      driftMetric("wasserstein_normed").compute(distributionPair(baseline, shifted)),
      normedWasserstein(
        baseline.sample as WeightedSample,
        shifted.sample as WeightedSample,
        baseline.stddev as number,
      ),
    );
    assert.deepStrictEqual(
      driftMetric("psi").compute(distributionPair(baseline, shifted)),
      psi(alignBins(baseline.bins, shifted.bins)),
    );
    assert.deepStrictEqual(
      driftMetric("chi2").compute(distributionPair(categoricalBaseline, withUnseenCategory)),
      chi2(alignCategories(categoricalBaseline.categories, withUnseenCategory.categories)),
    );
  });

  it("flags a one-σ mean shift with every numerical metric at its default threshold", () => {
    for (const name of DRIFT_METRIC_NAMES) {
      const metric = DRIFT_METRICS[name];
      const result = metric.compute(distributionPair(baseline, shifted));
      // Raw W1 has no default: one baseline σ here is 1 feature unit, so 0.5 means half a σ.
      assert.ok(drifted(name, result, metric.defaultThreshold ?? 0.5), `${name}: ${JSON.stringify(result)}`);
    }
  });

  it("flags a category unseen in training with every categorical metric", () => {
    for (const name of DRIFT_METRIC_NAMES.filter((name) =>
      DRIFT_METRICS[name].featureTypes.includes("categorical"),
    )) {
      const metric = DRIFT_METRICS[name];
      const result = metric.compute(distributionPair(categoricalBaseline, withUnseenCategory));
      assert.ok(
        drifted(name, result, metric.defaultThreshold as number),
        `${name}: ${JSON.stringify(result)}`,
      );
    }
  });

  it("drifts strictly above a distance threshold and strictly below a p-value threshold", () => {
    assert.strictEqual(drifted("psi", { value: 0.1 }, 0.1), false);
    assert.strictEqual(drifted("psi", { value: 0.1000001 }, 0.1), true);
    assert.strictEqual(drifted("ks", { value: 0.9, pValue: 0.05 }, 0.05), false);
    assert.strictEqual(drifted("ks", { value: 0.01, pValue: 0.0499 }, 0.05), true);
  });

  it("aligns a pair's counts once for every count metric, and each agrees with aligning apart", () => {
    const pair = distributionPair(baseline, shifted);
    assert.strictEqual(pair.alignedCounts(), pair.alignedCounts());
    assert.deepStrictEqual(pair.alignedCounts(), alignBins(baseline.bins, shifted.bins));
    for (const name of ["psi", "chi2"] as const) {
      assert.deepStrictEqual(
        DRIFT_METRICS[name].compute(pair),
        DRIFT_METRICS[name].compute(distributionPair(baseline, shifted)),
      );
    }
  });

  it("says what is wrong with a name or an input", () => {
    assert.throws(
      () => driftMetric("kolmogorov"),
      /unknown drift metric "kolmogorov"; known: ks, wasserstein, /,
    );
    assert.throws(() => driftMetric("toString"), /unknown drift metric/);
    assert.throws(
      () => driftMetric("ks").compute(distributionPair(categoricalBaseline, withUnseenCategory)),
      /ks applies to numerical features, not categorical ones/,
    );
    assert.throws(
      () => driftMetric("psi").compute(distributionPair(baseline, withUnseenCategory)),
      /a numerical baseline with a categorical window/,
    );
    const imported = { ...baseline, sample: undefined };
    assert.throws(
      () => driftMetric("wasserstein").compute(distributionPair(imported, shifted)),
      /needs the baseline's quantile sketch/,
    );
  });
});
