import { z } from "zod";
import { Accumulator, countJson, extremesNullExactlyWhenEmpty, parseAccumulatorJson } from "./accumulator";
import { ExcludedValues, NumericValue, excludedValuesJson } from "./excluded_values";

const momentsJson = z
  .strictObject({
    count: countJson,
    ...excludedValuesJson,
    sum: z.number(),
    mean: z.number(),
    /** Sum of squared deviations from the mean, Σ(x − x̄)². */
    m2: z.number().nonnegative(),
    min: z.number().nullable(),
    max: z.number().nullable(),
  })
  .refine((state) => extremesNullExactlyWhenEmpty.holds(state.count, state.min, state.max), {
    message: extremesNullExactlyWhenEmpty.message,
  });
export type MomentsJson = z.output<typeof momentsJson>;

/** Descriptive statistics of the finite values; null where the statistic is undefined for so few values. */
export interface MomentsResult {
  /** Finite values accumulated (missing and non-finite ones excluded). */
  count: number;
  missing: number;
  nonFinite: number;
  sum: number;
  mean: number | null;
  /** Σ(x − x̄)² / (n − 1); null for n < 2. */
  sampleVariance: number | null;
  /** Σ(x − x̄)² / n; null for n = 0. */
  populationVariance: number | null;
  sampleStddev: number | null;
  populationStddev: number | null;
  min: number | null;
  max: number | null;
}

/**
 * Count, sum, mean, variance, min and max of a numerical feature.
 *
 * Add: Welford's update (Welford 1962; Knuth TAOCP vol. 2, 4.2.2), which never
 * subtracts two large sums (the naive Σx² − (Σx)²/n loses every digit when the
 * values share a large offset, e.g. 1e9 + {4, 7, 13, 16}):
 *   δ = x − x̄,  x̄ ← x̄ + δ/n,  M2 ← M2 + δ·(x − x̄new).
 * Merge: Chan, Golub & LeVeque's parallel formula ("Updating formulae and a
 * pairwise algorithm for computing sample variances", 1979, eq. 2.1):
 *   n = na + nb,  δ = x̄b − x̄a,  x̄ = x̄a + δ·nb/n,  M2 = M2a + M2b + δ²·na·nb/n.
 * `sum` is the plain IEEE sum. Null and non-finite inputs are counted apart
 * (see ExcludedValues) and left out of every other statistic.
 */
export class Moments implements Accumulator<NumericValue, MomentsResult, MomentsJson> {
  private count = 0;
  private sum = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  private excluded = new ExcludedValues();

  add(value: NumericValue): void {
    if (!this.excluded.admit(value)) return;
    this.count += 1;
    this.sum += value;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
  }

  merge(other: Moments): void {
    this.excluded.merge(other.excluded);
    if (other.count === 0) return;
    const count = this.count + other.count;
    const delta = other.mean - this.mean;
    this.mean += (delta * other.count) / count;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / count;
    this.count = count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  result(): MomentsResult {
    const { count, m2 } = this;
    const sampleVariance = count >= 2 ? m2 / (count - 1) : null;
    const populationVariance = count >= 1 ? m2 / count : null;
    return {
      count,
      missing: this.excluded.missing,
      nonFinite: this.excluded.nonFinite,
      sum: this.sum,
      mean: count >= 1 ? this.mean : null,
      sampleVariance,
      populationVariance,
      sampleStddev: sampleVariance === null ? null : Math.sqrt(sampleVariance),
      populationStddev: populationVariance === null ? null : Math.sqrt(populationVariance),
      min: count >= 1 ? this.min : null,
      max: count >= 1 ? this.max : null,
    };
  }

  toJSON(): MomentsJson {
    const empty = this.count === 0;
    return {
      count: this.count,
      missing: this.excluded.missing,
      nonFinite: this.excluded.nonFinite,
      sum: this.sum,
      mean: this.mean,
      m2: this.m2,
      min: empty ? null : this.min,
      max: empty ? null : this.max,
    };
  }

  static fromJSON(json: unknown): Moments {
    const state = parseAccumulatorJson("moments", momentsJson, json);
    const moments = new Moments();
    moments.count = state.count;
    moments.excluded = new ExcludedValues(state.missing, state.nonFinite);
    moments.sum = state.sum;
    moments.mean = state.mean;
    moments.m2 = state.m2;
    moments.min = state.min ?? Infinity;
    moments.max = state.max ?? -Infinity;
    return moments;
  }
}
