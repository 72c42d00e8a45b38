/**
 * What drift metrics compare: a baseline and a current distribution of one
 * feature, in one of three forms that our accumulators can produce (see
 * from_accumulators.ts), so a window and its baseline compare like for like.
 *
 * - BinnedCounts: a histogram on fixed edges, with underflow and overflow bins;
 * - WeightedSample: sorted values with cumulative weights (a KLL sketch's
 *   sorted view, or an exact sample with weight 1 each);
 * - CategoryCounts: category → count.
 *
 * Binned and categorical pairs are aligned into AlignedCounts, two count
 * vectors over the same outcomes, which every vector metric (KL, JS,
 * Hellinger, PSI, χ², L∞) reads.
 */

/** Counts of a histogram on fixed edges e0 < … < em, including what fell outside them. */
export interface BinnedCounts {
  edges: readonly number[];
  /** [underflow (< e0), bin [e0, e1), …, bin [e_{m−1}, e_m], overflow (> e_m)]: m + 2 counts. */
  counts: readonly number[];
}

/**
 * A sample as a weighted empirical CDF: F(x) = cumulativeWeights[i] / n for
 * the largest i with values[i] ≤ x, where n is the last cumulative weight.
 */
export interface WeightedSample {
  /** Ascending; repeats allowed. */
  values: readonly number[];
  /** cumulativeWeights[i] = total weight of values[0..i]; non-decreasing, the last one is n > 0. */
  cumulativeWeights: readonly number[];
  /**
   * Bound on |this F − the full data's empirical CDF| at any point: a KLL
   * sketch's normalized rank error ε (99 % confidence), 0 for an exact sample.
   */
  rankError: number;
}

/** Category → count; `untracked` counts values a bounded summary no longer attributes to a category. */
export interface CategoryCounts {
  counts: ReadonlyMap<string, number>;
  /** Misra–Gries: n − Σ tracked counters; 0 while the summary is exact. */
  untracked: number;
}

/** Two count vectors over the same outcomes (bins or categories), aligned by index. */
export interface AlignedCounts {
  /** A label per outcome, for details such as "where the largest difference is". */
  outcomes: readonly string[];
  baseline: readonly number[];
  current: readonly number[];
  /** Outcomes in a meaningful order (histogram bins), so that neighbours may be pooled; categories are not. */
  ordered?: boolean;
}

/** Everything drift metrics may read about one numerical feature on one side (baseline or window). */
export interface NumericalDistribution {
  type: "numerical";
  bins: BinnedCounts;
  /** Absent when there is no quantile sketch (an imported reference-system baseline has none). */
  sample?: WeightedSample;
  /** Population standard deviation √(Σ(x − x̄)²/n), what normed Wasserstein divides by; null when empty. */
  stddev: number | null;
}

export interface CategoricalDistribution {
  type: "categorical";
  categories: CategoryCounts;
}

export type FeatureDistribution = NumericalDistribution | CategoricalDistribution;

/** The outcome label of a categorical summary's untracked remainder. */
export const UNTRACKED_OUTCOME = "(untracked categories)";

/** A drift metric was given inputs it cannot compare; the message says which input and why. */
export class DriftInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DriftInputError";
  }
}

/**
 * Pairs two histograms bin for bin; they must share edges (a window's
 * histogram is built on its baseline's edges). The end bins are open,
 * (−∞, e₁) and [e_{m−1}, ∞): the baseline's edges end at its own min and max,
 * so a value beyond them is a value in the end bin, not an outcome the
 * baseline calls impossible (which would make χ² and KL fire on one value).
 * A single-bin histogram (a constant baseline, [v, v]) keeps its underflow and
 * overflow apart: there any other value is a change. Outcomes empty on both
 * sides are dropped: they carry no evidence, and would otherwise make smoothed
 * metrics (KL, PSI) and χ²'s degrees of freedom depend on how many empty bins
 * there are.
 */
export function alignBins(baseline: BinnedCounts, current: BinnedCounts): AlignedCounts {
  const { edges } = baseline;
  if (edges.length !== current.edges.length || edges.some((edge, i) => edge !== current.edges[i])) {
    throw new DriftInputError(
      `histograms on different edges cannot be compared bin for bin: baseline [${edges.join(", ")}], ` +
        `current [${current.edges.join(", ")}]`,
    );
  }
  for (const [side, binned] of [
    ["baseline", baseline],
    ["current", current],
  ] as const) {
    if (binned.counts.length !== edges.length + 1) {
      throw new DriftInputError(
        `${side} histogram: expected ${edges.length + 1} counts (underflow, ${edges.length - 1} bins, ` +
          `overflow), got ${binned.counts.length}`,
      );
    }
  }
  const last = edges.length - 1;
  if (last === 1) {
    return withoutEmptyOutcomes({
      outcomes: [`< ${edges[0]}`, `[${edges[0]}, ${edges[1]}]`, `> ${edges[1]}`],
      baseline: baseline.counts,
      current: current.counts,
      ordered: true,
    });
  }
  // [underflow + bin 1, bins 2 … m − 1, bin m + overflow].
  const openEnded = (counts: readonly number[]) => [
    counts[0] + counts[1],
    ...counts.slice(2, last),
    counts[last] + counts[last + 1],
  ];
  const outcomes = edges
    .slice(0, last)
    .map((edge, i) =>
      i === 0 ? `< ${edges[1]}` : i === last - 1 ? `≥ ${edge}` : `[${edge}, ${edges[i + 1]})`,
    );
  return withoutEmptyOutcomes({
    outcomes,
    baseline: openEnded(baseline.counts),
    current: openEnded(current.counts),
    ordered: true,
  });
}

/**
 * Pairs two category summaries over the union of their categories (baseline
 * order first, then categories new in the current side, then the untracked
 * remainder); a category missing on one side counts 0 there. Outcomes empty on
 * both sides are dropped (see alignBins).
 */
export function alignCategories(baseline: CategoryCounts, current: CategoryCounts): AlignedCounts {
  const categories = [...new Set([...baseline.counts.keys(), ...current.counts.keys()])];
  const countsOf = (side: CategoryCounts) => [
    ...categories.map((category) => side.counts.get(category) ?? 0),
    side.untracked,
  ];
  return withoutEmptyOutcomes({
    outcomes: [...categories, UNTRACKED_OUTCOME],
    baseline: countsOf(baseline),
    current: countsOf(current),
  });
}

function withoutEmptyOutcomes(aligned: AlignedCounts): AlignedCounts {
  const kept = aligned.outcomes.flatMap((_, i) =>
    aligned.baseline[i] > 0 || aligned.current[i] > 0 ? [i] : [],
  );
  return {
    outcomes: kept.map((i) => aligned.outcomes[i]),
    baseline: kept.map((i) => aligned.baseline[i]),
    current: kept.map((i) => aligned.current[i]),
    ...(aligned.ordered === undefined ? {} : { ordered: aligned.ordered }),
  };
}

/** Throws unless both sides are equally long vectors of finite counts ≥ 0 with a positive total. */
export function requireAlignedCounts(aligned: AlignedCounts): void {
  const { outcomes, baseline, current } = aligned;
  if (baseline.length !== outcomes.length || current.length !== outcomes.length) {
    throw new DriftInputError(
      `aligned counts need one baseline and one current count per outcome: ${outcomes.length} outcomes, ` +
        `${baseline.length} baseline and ${current.length} current counts`,
    );
  }
  for (const [side, counts] of [
    ["baseline", baseline],
    ["current", current],
  ] as const) {
    const bad = counts.findIndex((count) => !(Number.isFinite(count) && count >= 0));
    if (bad >= 0) {
      throw new DriftInputError(
        `${side} count of "${outcomes[bad]}" is ${counts[bad]}, not a finite number ≥ 0`,
      );
    }
    if (!(total(counts) > 0)) throw new DriftInputError(`the ${side} distribution has no values`);
  }
}

/** Throws unless the sample is non-empty, ascending, with non-decreasing weights and a valid rank error. */
export function requireWeightedSample(side: string, sample: WeightedSample): void {
  const { values, cumulativeWeights, rankError } = sample;
  if (values.length === 0) throw new DriftInputError(`the ${side} sample has no values`);
  if (cumulativeWeights.length !== values.length) {
    throw new DriftInputError(
      `${side} sample: ${values.length} values but ${cumulativeWeights.length} cumulative weights`,
    );
  }
  const unordered = values.findIndex(
    (value, i) => !Number.isFinite(value) || (i > 0 && value < values[i - 1]),
  );
  if (unordered >= 0) {
    throw new DriftInputError(
      `${side} sample: value ${unordered} (${values[unordered]}) is not finite and ascending`,
    );
  }
  const badWeight = cumulativeWeights.findIndex(
    (weight, i) => !Number.isFinite(weight) || weight < (i > 0 ? cumulativeWeights[i - 1] : 0),
  );
  if (badWeight >= 0 || !(cumulativeWeights[values.length - 1] > 0)) {
    throw new DriftInputError(
      `${side} sample: cumulative weights must be finite, non-decreasing and end above 0`,
    );
  }
  if (!(rankError >= 0 && rankError < 1)) {
    throw new DriftInputError(`${side} sample: rank error must be in [0, 1), got ${rankError}`);
  }
}

export function total(counts: readonly number[]): number {
  return counts.reduce((sum, count) => sum + count, 0);
}
