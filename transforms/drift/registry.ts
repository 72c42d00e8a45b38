import { chi2 } from "./chi2";
import {
  AlignedCounts,
  DriftInputError,
  FeatureDistribution,
  NumericalDistribution,
  WeightedSample,
  alignBins,
  alignCategories,
} from "./distributions";
import { DriftResult } from "./drift_result";
import { hellinger } from "./hellinger";
import { jensenShannon } from "./jensen_shannon";
import { kl } from "./kl";
import { ks } from "./ks";
import { lInfinity } from "./l_infinity";
import { psi } from "./psi";
import type { NullDraw, NullScaling } from "./null_threshold";
import { normedWasserstein, wasserstein } from "./wasserstein";

export type FeatureType = FeatureDistribution["type"];

/**
 * One drift metric as the spec names it. Adding a metric is one file and one
 * line in DRIFT_METRICS.
 */
export interface DriftMetric {
  /** The feature types it applies to. */
  featureTypes: readonly FeatureType[];
  /**
   * How the verdict is reached: a distance drifts when its value exceeds the
   * threshold; a test (it has a p-value) drifts when its p-value is below the
   * threshold, the significance level α.
   */
  driftWhen: "valueAboveThreshold" | "pValueBelowThreshold";
  /** null where no default fits every feature (a threshold in the feature's units): the spec must give one. */
  defaultThreshold: number | null;
  /** Distances: how their null quantile shrinks with the window's size (null_threshold.ts). */
  nullScaling?: NullScaling;
  /** What the metric reads of a numerical feature: the histogram's bins or the sample (CDF). */
  reads: NullDraw;
  compute(pair: DistributionPair): DriftResult;
}

/**
 * One feature's baseline and current distributions, as every metric of a
 * window reads them: the count metrics share one alignment of their bins or
 * categories, made on first use.
 */
export interface DistributionPair {
  baseline: FeatureDistribution;
  current: FeatureDistribution;
  alignedCounts(): AlignedCounts;
}

export function distributionPair(
  baseline: FeatureDistribution,
  current: FeatureDistribution,
): DistributionPair {
  let aligned: AlignedCounts | undefined;
  return { baseline, current, alignedCounts: () => (aligned ??= alignedCounts(baseline, current)) };
}

/** Metrics on two count vectors: histogram bins for numerical features, categories for categorical ones. */
const onCounts = (
  metric: (aligned: AlignedCounts) => DriftResult,
): Pick<DriftMetric, "featureTypes" | "compute" | "reads"> => ({
  featureTypes: ["numerical", "categorical"],
  reads: "bins",
  compute: (pair) => metric(pair.alignedCounts()),
});

/** Metrics on two samples' CDFs (quantile sketches or exact samples), numerical features only. */
const onSamples = (
  name: string,
  metric: (baseline: WeightedSample, current: WeightedSample, baselineStddev: number | null) => DriftResult,
): Pick<DriftMetric, "featureTypes" | "compute" | "reads"> => ({
  featureTypes: ["numerical"],
  reads: "sample",
  compute: ({ baseline, current }) => {
    const numerical = numericalPair(name, baseline, current);
    return metric(
      requireSample(name, "baseline", numerical[0]),
      requireSample(name, "current", numerical[1]),
      numerical[0].stddev,
    );
  },
});

/** A distance with the default threshold 0.1, calibrated with this null scaling. */
const distance = (nullScaling: NullScaling) =>
  ({ driftWhen: "valueAboveThreshold", defaultThreshold: 0.1, nullScaling }) as const;

export const DRIFT_METRICS = {
  ks: { ...onSamples("ks", ks), driftWhen: "pValueBelowThreshold", defaultThreshold: 0.05 },
  wasserstein: {
    ...onSamples("wasserstein", wasserstein),
    driftWhen: "valueAboveThreshold",
    defaultThreshold: null,
    nullScaling: 0.5,
  },
  wasserstein_normed: {
    ...onSamples("wasserstein_normed", (baseline, current, baselineStddev) =>
      normedWasserstein(baseline, current, baselineStddev ?? NaN),
    ),
    driftWhen: "valueAboveThreshold",
    defaultThreshold: 0.1,
    nullScaling: 0.5,
  },
  jensen_shannon: { ...onCounts(jensenShannon), ...distance(0.5) },
  kl: { ...onCounts(kl), ...distance(1) },
  hellinger: { ...onCounts(hellinger), ...distance(0.5) },
  psi: { ...onCounts(psi), ...distance(1) },
  l_infinity: { ...onCounts(lInfinity), ...distance(0.5) },
  chi2: { ...onCounts(chi2), driftWhen: "pValueBelowThreshold", defaultThreshold: 0.05 },
} satisfies Record<string, DriftMetric>;

export type DriftMetricName = keyof typeof DRIFT_METRICS;
export const DRIFT_METRIC_NAMES = Object.keys(DRIFT_METRICS) as DriftMetricName[];

/** The metric a spec names; the error lists the known names. */
export function driftMetric(name: string): DriftMetric {
  if (!Object.hasOwn(DRIFT_METRICS, name)) {
    throw new DriftInputError(`unknown drift metric "${name}"; known: ${DRIFT_METRIC_NAMES.join(", ")}`);
  }
  return DRIFT_METRICS[name as DriftMetricName];
}

function alignedCounts(baseline: FeatureDistribution, current: FeatureDistribution): AlignedCounts {
  if (baseline.type === "numerical" && current.type === "numerical")
    return alignBins(baseline.bins, current.bins);
  if (baseline.type === "categorical" && current.type === "categorical") {
    return alignCategories(baseline.categories, current.categories);
  }
  throw new DriftInputError(`cannot compare a ${baseline.type} baseline with a ${current.type} window`);
}

function numericalPair(
  name: string,
  baseline: FeatureDistribution,
  current: FeatureDistribution,
): [NumericalDistribution, NumericalDistribution] {
  if (baseline.type !== "numerical" || current.type !== "numerical") {
    throw new DriftInputError(`${name} applies to numerical features, not categorical ones`);
  }
  return [baseline, current];
}

function requireSample(name: string, side: string, distribution: NumericalDistribution): WeightedSample {
  if (distribution.sample === undefined) {
    throw new DriftInputError(
      `${name} needs the ${side}'s quantile sketch, which it does not have ` +
        "(an imported reference-system baseline has only moments and a histogram)",
    );
  }
  return distribution.sample;
}
