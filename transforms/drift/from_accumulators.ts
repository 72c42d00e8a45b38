import { CategoryFrequencies } from "../statistics/categorical";
import { Histogram } from "../statistics/histogram";
import { Moments } from "../statistics/moments";
import { KllSketch, kllNormalizedRankError } from "../statistics/quantile_sketch";
import {
  BinnedCounts,
  CategoricalDistribution,
  CategoryCounts,
  NumericalDistribution,
  WeightedSample,
} from "./distributions";

/** A histogram's counts as [underflow, bins…, overflow] on its edges. */
export function binnedCounts(histogram: Histogram): BinnedCounts {
  const { edges, counts, underflow, overflow } = histogram.result();
  return { edges, counts: [underflow, ...counts, overflow] };
}

/**
 * A KLL sketch's retained items as a weighted sample. While the sketch has
 * never compacted (n ≤ its capacity, at least k) every item has weight 1 and
 * the sample is exact (rank error 0); afterwards its CDF is within the sketch's
 * normalized rank error ε of the data's (99 % confidence).
 */
export function sketchSample(sketch: KllSketch): WeightedSample {
  const { values, cumulativeWeights } = sketch.sortedView();
  const n = cumulativeWeights.length === 0 ? 0 : cumulativeWeights[cumulativeWeights.length - 1];
  return { values, cumulativeWeights, rankError: values.length === n ? 0 : kllNormalizedRankError(sketch.k) };
}

/**
 * Category counts from category frequencies. Past its capacity the summary
 * undercounts each category by at most `maxUndercount` and no longer
 * attributes n − Σ counters values at all; those are kept as `untracked`, so
 * both sides' totals are their true counts.
 */
export function categoryCounts(frequencies: CategoryFrequencies): CategoryCounts {
  const { count, frequencies: tracked } = frequencies.result();
  const counts = new Map(Object.entries(tracked));
  const trackedTotal = [...counts.values()].reduce((sum, counter) => sum + counter, 0);
  return { counts, untracked: count - trackedTotal };
}

/** A numerical feature's accumulators (a baseline's or a window's) as what drift metrics read. */
export function numericalDistribution(accumulators: {
  histogram: Histogram;
  quantiles?: KllSketch;
  moments: Moments;
}): NumericalDistribution {
  return {
    type: "numerical",
    bins: binnedCounts(accumulators.histogram),
    sample: accumulators.quantiles === undefined ? undefined : sketchSample(accumulators.quantiles),
    stddev: accumulators.moments.result().populationStddev,
  };
}

export function categoricalDistribution(frequencies: CategoryFrequencies): CategoricalDistribution {
  return { type: "categorical", categories: categoryCounts(frequencies) };
}
