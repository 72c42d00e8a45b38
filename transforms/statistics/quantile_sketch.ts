import { z } from "zod";
import {
  Accumulator,
  AccumulatorError,
  countJson,
  extremesNullExactlyWhenEmpty,
  parseAccumulatorJson,
  requireSameParameter,
} from "./accumulator";
import { ExcludedValues, NumericValue, excludedValuesJson } from "./excluded_values";
import { mulberry32 } from "./mulberry32";
import { partitionPoint } from "./partition_point";

export const DEFAULT_KLL_K = 200;
/**
 * A window's values are kept exactly up to this many (8 bytes each: 32 KiB
 * per numerical feature and window at the bound), so its quantiles and its KS
 * test are the data's, whatever the bundling (`statistics.exactQuantilesUpTo`).
 */
export const DEFAULT_WINDOW_EXACT_VALUES = 4096;
/** A baseline profile keeps its training values exactly up to this many (800 KB per feature at the bound). */
export const BASELINE_EXACT_VALUES = 100_000;
/** Smallest level capacity (DataSketches' `m`), also the smallest k. */
const MIN_LEVEL_CAPACITY = 8;
const MAX_K = 65535;
const DEFAULT_COIN_SEED = 0x5eed;
const QUARTILES = [0.25, 0.5, 0.75];

/**
 * The normalized rank error of a KLL sketch with parameter k: with 99 %
 * confidence, |estimated rank − true rank| ≤ ε for any single rank or quantile
 * query. ε = 2.296 / k^0.9723, Apache DataSketches' empirical fit to the 99th
 * percentile of the measured maximum error (KllHelper.getNormalizedRankError,
 * "single-sided"); 1.33 % for k = 200. It is the same fit for this
 * implementation because the level capacities and compaction rule are theirs.
 */
export function kllNormalizedRankError(k: number): number {
  return 2.296 / Math.pow(k, 0.9723);
}

const kllJson = z
  .strictObject({
    k: z.number().int().min(MIN_LEVEL_CAPACITY).max(MAX_K),
    /** Absent in profiles written before it existed: 0, a plain KLL sketch. */
    exactUpTo: z.number().int().min(0).default(0),
    n: countJson,
    ...excludedValuesJson,
    min: z.number().nullable(),
    max: z.number().nullable(),
    /** levels[h] holds items of weight 2^h; level 0 in arrival order, the others sorted ascending. */
    levels: z.array(z.array(z.number())).min(1),
    coinState: z.number().int(),
  })
  .refine((state) => state.levels.reduce((total, items, h) => total + items.length * 2 ** h, 0) === state.n, {
    message: "the levels' total weight (Σ |level h| · 2^h) must equal n",
  })
  .refine(
    (state) =>
      state.levels.every((items, h) => h === 0 || items.every((x, i) => i === 0 || items[i - 1] <= x)),
    {
      message: "levels above 0 must be sorted ascending",
    },
  )
  .refine((state) => extremesNullExactlyWhenEmpty.holds(state.n, state.min, state.max), {
    message: extremesNullExactlyWhenEmpty.message,
  });
export type KllSketchJson = z.output<typeof kllJson>;

/** The retained items in ascending order with their inclusive cumulative weights; the last weight is n. */
export interface SortedView {
  values: number[];
  cumulativeWeights: number[];
}

export interface QuantileSummary {
  /** Finite values accumulated. */
  count: number;
  missing: number;
  nonFinite: number;
  /** Exact. */
  min: number | null;
  /** Exact. */
  max: number | null;
  quantiles: { probability: number; value: number | null }[];
  /** Interquartile range, quantile(0.75) − quantile(0.25). */
  iqr: number | null;
  normalizedRankError: number;
}

/**
 * KLL quantile sketch (Karnin, Lang & Liberty, "Optimal Quantile
 * Approximation in Streams", FOCS 2016), in the lazy-compaction variant of
 * Apache DataSketches' KllDoublesSketch.
 *
 * Items live in levels; an item on level h stands for 2^h inputs. Level h has
 * capacity max(8, round(k·(2/3)^(H−1−h))) for H levels, so the top level holds
 * about k items and the total stays below ~3k. When the sketch holds more
 * items than its total capacity, the lowest level at or over its capacity is
 * compacted: sorted, and every other item (odd or even positions by a coin
 * flip) promoted to the level above with twice the weight; with an odd count
 * one item stays behind, so total weight is always exactly n. Merging
 * concatenates the levels and compacts the same way.
 *
 * Exact samples: nothing is compacted while n ≤ `exactUpTo` (level 0 holds
 * every value), so the sketch is the sample itself and every query is the
 * data's, independent of the order of adds and merges (the sorted view sorts).
 * Past the bound it compacts as a KLL sketch does.
 *
 * Error: see `kllNormalizedRankError` (1.33 % at the default k = 200); the
 * sketch is exact while n ≤ max(k, exactUpTo). Min and max are tracked exactly. The coin is a
 * seeded mulberry32 generator whose state travels in the JSON, so results are
 * reproducible. Quantiles are the inverse of the empirical CDF (nearest rank,
 * Hyndman & Fan type 1): the smallest value whose rank reaches the probability.
 */
export class KllSketch implements Accumulator<NumericValue, QuantileSummary, KllSketchJson> {
  private n = 0;
  private min = Infinity;
  private max = -Infinity;
  private levels: number[][] = [[]];
  private capacities: number[] = [];
  private totalCapacity = 0;
  private retained = 0;
  private excluded = new ExcludedValues();
  private coinState: number;
  private cachedView: SortedView | undefined;

  constructor(
    readonly k = DEFAULT_KLL_K,
    readonly exactUpTo = 0,
    coinSeed = DEFAULT_COIN_SEED,
  ) {
    if (!(Number.isInteger(k) && k >= MIN_LEVEL_CAPACITY && k <= MAX_K)) {
      throw new AccumulatorError(`KLL k must be an integer in [${MIN_LEVEL_CAPACITY}, ${MAX_K}], got ${k}`);
    }
    if (!(Number.isInteger(exactUpTo) && exactUpTo >= 0)) {
      throw new AccumulatorError(`a KLL sketch's exact bound must be an integer ≥ 0, got ${exactUpTo}`);
    }
    this.coinState = coinSeed | 0;
    this.updateCapacities();
  }

  add(value: NumericValue): void {
    if (!this.excluded.admit(value)) return;
    this.cachedView = undefined;
    this.n += 1;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    this.levels[0].push(value);
    this.retained += 1;
    this.compress();
  }

  merge(other: KllSketch): void {
    requireSameParameter("KLL sketch", "k", this.k, other.k);
    requireSameParameter("KLL sketch", "exact bound", this.exactUpTo, other.exactUpTo);
    this.excluded.merge(other.excluded);
    if (other.n === 0) return;
    this.cachedView = undefined;
    while (this.levels.length < other.levels.length) this.addLevel();
    other.levels.forEach((items, h) => {
      this.levels[h] = h === 0 ? this.levels[0].concat(items) : mergeSorted(this.levels[h], items);
    });
    this.n += other.n;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.retained += other.retained;
    this.compress();
  }

  /** Summary at the given probabilities (quartiles by default). */
  result(probabilities: readonly number[] = QUARTILES): QuantileSummary {
    const empty = this.n === 0;
    return {
      count: this.n,
      missing: this.excluded.missing,
      nonFinite: this.excluded.nonFinite,
      min: empty ? null : this.min,
      max: empty ? null : this.max,
      quantiles: probabilities.map((probability) => ({ probability, value: this.quantile(probability) })),
      iqr: this.iqr(),
      normalizedRankError: kllNormalizedRankError(this.k),
    };
  }

  /** Whether the sketch holds every value it was given (never compacted): its queries are then the data's. */
  isExact(): boolean {
    return this.retained === this.n;
  }

  /** The approximate q-quantile; q = 0 and q = 1 give the exact min and max; null when empty. */
  quantile(probability: number): number | null {
    if (!(probability >= 0 && probability <= 1)) {
      throw new RangeError(`a quantile's probability must be in [0, 1], got ${probability}`);
    }
    if (this.n === 0) return null;
    if (probability === 0) return this.min;
    if (probability === 1) return this.max;
    const { values, cumulativeWeights } = this.sortedView();
    const target = targetWeight(probability, this.n);
    return values[partitionPoint(cumulativeWeights, (weight) => weight < target)];
  }

  /** The approximate normalized rank of `value`, i.e. the empirical CDF F(value) = P(X ≤ value); null when empty. */
  rank(value: number): number | null {
    if (this.n === 0) return null;
    const { values, cumulativeWeights } = this.sortedView();
    const atOrBelow = partitionPoint(values, (retained) => retained <= value);
    return atOrBelow === 0 ? 0 : cumulativeWeights[atOrBelow - 1] / this.n;
  }

  iqr(): number | null {
    const lower = this.quantile(0.25);
    const upper = this.quantile(0.75);
    return lower === null || upper === null ? null : upper - lower;
  }

  /** What a two-sample test (e.g. Kolmogorov–Smirnov) walks: the weighted retained items, sorted. */
  sortedView(): SortedView {
    if (this.cachedView === undefined) {
      const weighted = this.levels.flatMap((items, h) => items.map((value) => ({ value, weight: 2 ** h })));
      weighted.sort((a, b) => a.value - b.value);
      const view: SortedView = { values: [], cumulativeWeights: [] };
      let cumulative = 0;
      for (const item of weighted) {
        cumulative += item.weight;
        view.values.push(item.value);
        view.cumulativeWeights.push(cumulative);
      }
      this.cachedView = view;
    }
    return this.cachedView;
  }

  toJSON(): KllSketchJson {
    const empty = this.n === 0;
    return {
      k: this.k,
      exactUpTo: this.exactUpTo,
      n: this.n,
      missing: this.excluded.missing,
      nonFinite: this.excluded.nonFinite,
      min: empty ? null : this.min,
      max: empty ? null : this.max,
      levels: this.levels.map((items) => [...items]),
      coinState: this.coinState,
    };
  }

  static fromJSON(json: unknown): KllSketch {
    const state = parseAccumulatorJson("KLL sketch", kllJson, json);
    const sketch = new KllSketch(state.k, state.exactUpTo, state.coinState);
    sketch.n = state.n;
    sketch.excluded = new ExcludedValues(state.missing, state.nonFinite);
    sketch.min = state.min ?? Infinity;
    sketch.max = state.max ?? -Infinity;
    sketch.levels = state.levels.map((items) => [...items]);
    sketch.retained = state.levels.reduce((total, items) => total + items.length, 0);
    sketch.updateCapacities();
    return sketch;
  }

  /** Compacts the lowest full level until the retained items fit the total capacity. */
  private compress(): void {
    if (this.n <= this.exactUpTo) return;
    while (this.retained > this.totalCapacity) {
      const level = this.levels.findIndex((items, h) => items.length >= this.capacities[h]);
      this.compactLevel(level);
    }
  }

  private compactLevel(h: number): void {
    const items = this.levels[h];
    // With an odd count the first item stays (DataSketches' choice): total weight is preserved.
    const stays = items.length % 2;
    const sorted = h === 0 ? Float64Array.from(items.slice(stays)).sort() : items.slice(stays);
    const offset = this.flipCoin();
    const promoted: number[] = [];
    for (let i = offset; i < sorted.length; i += 2) promoted.push(sorted[i]);
    if (h + 1 === this.levels.length) this.addLevel();
    this.levels[h + 1] = mergeSorted(this.levels[h + 1], promoted);
    this.levels[h] = items.slice(0, stays);
    this.retained -= sorted.length - promoted.length;
  }

  private addLevel(): void {
    this.levels.push([]);
    this.updateCapacities();
  }

  private updateCapacities(): void {
    const top = this.levels.length - 1;
    this.capacities = this.levels.map((_, h) =>
      Math.max(MIN_LEVEL_CAPACITY, Math.round(this.k * Math.pow(2 / 3, top - h))),
    );
    this.totalCapacity = this.capacities.reduce((total, capacity) => total + capacity, 0);
  }

  /** A fair coin from the sketch's seeded generator (the top bit of one mulberry32 output). */
  private flipCoin(): number {
    const step = mulberry32(this.coinState);
    this.coinState = step.state;
    return step.output >>> 31;
  }
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const merged: number[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let out = 0; out < merged.length; out++) {
    merged[out] = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
  }
  return merged;
}

/**
 * q·n rounded up to a whole weight (cumulative weights are integers), forgiving
 * the float error in the product: 0.3 · 10 is 3.0000000000000004, not 4.
 */
function targetWeight(probability: number, n: number): number {
  const exact = probability * n;
  const nearest = Math.round(exact);
  return Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.ceil(exact);
}
