import { mulberry32 } from "../statistics/mulberry32";
import { partitionPoint } from "../statistics/partition_point";
import { totalWeight } from "./cdf_walk";
import {
  CategoryCounts,
  FeatureDistribution,
  NumericalDistribution,
  WeightedSample,
  total,
} from "./distributions";
import type { DriftResult } from "./drift_result";

/** Null replicates per (baseline, metric, window-size bucket). */
export const NULL_REPLICATES = 2000;
/** Replicates are drawn at most this large; beyond, the quantile is rescaled (see nullThreshold). */
const LARGEST_DRAWN_SIZE = 1024;
/** A baseline sample larger than this is reduced to this many equal-weight quantiles before replicates are compared with it. */
const REFERENCE_QUANTILES = 16_384;
const NULL_SEED = 0x6e756c6c;

/**
 * How a distance's null quantile shrinks with the effective sample size nₑ:
 * ∝ nₑ^−½ for distances linear in F̂_b − F̂_c (W1, L∞, Hellinger, JS distance),
 * ∝ nₑ^−1 for those quadratic in it (KL, PSI ≈ (1/n + 1/m)·χ²).
 */
export type NullScaling = 0.5 | 1;

export interface NullThreshold {
  /** The upper (1 − α) null quantile of the metric at this window's size, with the margin below. */
  value: number;
  /** The effective sample size nₑ = m·n/(m + n) it is for. */
  effectiveN: number;
}

type Compute = (baseline: FeatureDistribution, current: FeatureDistribution) => DriftResult;

/** What a metric reads of a numerical distribution, so a replicate draws only that. */
export type NullDraw = "bins" | "sample";

/** One distance as nullThreshold calibrates it. */
export interface CalibratedMetric {
  /** Names the metric in the cache. */
  name: string;
  compute: Compute;
  scaling: NullScaling;
  draws: NullDraw;
}

const cache = new WeakMap<FeatureDistribution, Map<string, number>>();

/**
 * The value a distance exceeds with probability at most α when the window is
 * drawn from the baseline's own distribution (no drift), at this window's
 * size: a parametric bootstrap from the baseline (Efron & Tibshirani, An
 * Introduction to the Bootstrap, 1993, §6.5).
 *
 * A replicate draws a window of nₑ = m·n/(m + n) values from the baseline —
 * bins or categories with the baseline's proportions; values by inverse CDF
 * from its sample — and computes the metric against the baseline. Under H0
 * F̂_b − F̂_c is asymptotically Gaussian with covariance (1/m + 1/n)·Σ = Σ/nₑ,
 * the same as F − F̂_{nₑ}: one draw of nₑ against the baseline stands for both
 * samples' noise. Against a baseline sample of more than 16,384 values the
 * replicates are compared with its 16,384 quantiles (its CDF to within
 * 1/16,384), which keeps a replicate O(nₑ + 16,384); with 2048 quantiles the
 * Wasserstein distances' false-alarm rate was measured at 0.057–0.066 at
 * n = 100–200 (bench/RESULTS.md).
 *
 * Window sizes are bucketed on the grid 2^{j/4} (capped at 1024) and cached
 * per baseline distribution object: the quantile at nₑ is interpolated in
 * log n between the two neighbouring buckets' quantiles, each rescaled to nₑ
 * by (b/nₑ)^γ (γ = ½ or 1, see NullScaling); past 1024 it is rescaled from
 * 1024. 2000 replicates, the quantile being the order statistic at rank
 * ⌈R(1 − α)⌉: the bootstrap's own noise moves the false-alarm rate by about
 * √(α(1 − α)/R) = 0.005 at α = 0.05 (an upper confidence bound instead was
 * measured to halve the rate of the binned distances at n = 100, whose
 * discrete null already sits below α). Seeded: every worker computes the same
 * thresholds.
 */
export function nullThreshold(
  metric: CalibratedMetric,
  baseline: FeatureDistribution,
  currentCount: number,
  alpha: number,
): NullThreshold {
  const baselineCount = countOf(baseline);
  const effectiveN = (baselineCount * currentCount) / (baselineCount + currentCount);
  const grid = Math.min(
    Math.floor(4 * Math.log2(Math.max(2, effectiveN))),
    4 * Math.log2(LARGEST_DRAWN_SIZE),
  );
  const sizes = [grid, grid + 1]
    .map((j) => Math.max(2, Math.round(2 ** (j / 4))))
    .filter((size) => size <= LARGEST_DRAWN_SIZE);
  const value = Math.max(
    ...sizes.map(
      (size) => bucketQuantile(metric, baseline, size, alpha) * (size / effectiveN) ** metric.scaling,
    ),
  );
  return { value, effectiveN };
}

function bucketQuantile(
  metric: CalibratedMetric,
  baseline: FeatureDistribution,
  size: number,
  alpha: number,
): number {
  let byKey = cache.get(baseline);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(baseline, byKey);
  }
  const key = `${metric.name} ${alpha} ${size}`;
  let quantile = byKey.get(key);
  if (quantile === undefined) {
    quantile = replicatesQuantile(metric, baseline, size, alpha);
    byKey.set(key, quantile);
  }
  return quantile;
}

function replicatesQuantile(
  metric: CalibratedMetric,
  baseline: FeatureDistribution,
  size: number,
  alpha: number,
): number {
  const reference = referenceOf(baseline);
  let state = NULL_SEED ^ size;
  const uniform = () => {
    const step = mulberry32(state);
    state = step.state;
    return step.output / 2 ** 32;
  };
  const values: number[] = [];
  for (let r = 0; r < NULL_REPLICATES; r++) {
    const value = metric.compute(reference, drawWindow(reference, metric.draws, size, uniform)).value;
    values.push(Number.isFinite(value) ? value : Number.MAX_VALUE);
  }
  values.sort((a, b) => a - b);
  return values[Math.ceil(NULL_REPLICATES * (1 - alpha)) - 1];
}

/** The baseline as replicates are compared with it: its sample reduced to 2048 quantiles. */
function referenceOf(baseline: FeatureDistribution): FeatureDistribution {
  if (baseline.type === "categorical" || baseline.sample === undefined) return baseline;
  const sample = baseline.sample;
  if (sample.values.length <= REFERENCE_QUANTILES) return baseline;
  const values = Array.from({ length: REFERENCE_QUANTILES }, (_, i) =>
    quantileOf(sample, (i + 0.5) / REFERENCE_QUANTILES),
  );
  const reduced: WeightedSample = {
    values,
    cumulativeWeights: values.map((_, i) => i + 1),
    rankError: 0,
  };
  return { ...baseline, sample: reduced };
}

/** A window of `size` values drawn from the baseline's distribution, in the baseline's form. */
function drawWindow(
  baseline: FeatureDistribution,
  draws: NullDraw,
  size: number,
  uniform: () => number,
): FeatureDistribution {
  if (baseline.type === "categorical") {
    const names = [...baseline.categories.counts.keys()];
    const drawn = drawCounts(
      [...baseline.categories.counts.values(), baseline.categories.untracked],
      size,
      uniform,
    );
    const categories: CategoryCounts = {
      counts: new Map(names.map((name, i) => [name, drawn[i]])),
      untracked: drawn[names.length],
    };
    return { type: "categorical", categories };
  }
  if (draws === "bins") {
    const bins = { edges: baseline.bins.edges, counts: drawCounts(baseline.bins.counts, size, uniform) };
    return { type: "numerical", bins, stddev: baseline.stddev };
  }
  const window: NumericalDistribution = { type: "numerical", bins: baseline.bins, stddev: baseline.stddev };
  if (baseline.sample !== undefined) {
    const sample = baseline.sample;
    const values = Array.from({ length: size }, () => quantileOf(sample, uniform())).sort((a, b) => a - b);
    window.sample = { values, cumulativeWeights: values.map((_, i) => i + 1), rankError: 0 };
  }
  return window;
}

/** Multinomial counts of `size` draws with probabilities ∝ `counts`. */
function drawCounts(counts: readonly number[], size: number, uniform: () => number): number[] {
  const cumulative: number[] = [];
  let sum = 0;
  for (const count of counts) cumulative.push((sum += count));
  const drawn = counts.map(() => 0);
  for (let i = 0; i < size; i++) {
    const target = uniform() * sum;
    drawn[partitionPoint(cumulative, (weight) => weight <= target)] += 1;
  }
  return drawn;
}

/** The sample's value at probability u ∈ [0, 1): the smallest value whose cumulative weight exceeds u·n. */
function quantileOf(sample: WeightedSample, u: number): number {
  const target = u * totalWeight(sample);
  const at = partitionPoint(sample.cumulativeWeights, (weight) => weight <= target);
  return sample.values[Math.min(at, sample.values.length - 1)];
}

function countOf(distribution: FeatureDistribution): number {
  return distribution.type === "categorical"
    ? total([...distribution.categories.counts.values()]) + distribution.categories.untracked
    : total(distribution.bins.counts);
}
