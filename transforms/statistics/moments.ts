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
    /** Present when sum, mean and m2 are held in units of 2^600 (see Moments). */
    scaled: z.literal(true).optional(),
  })
  .refine((state) => extremesNullExactlyWhenEmpty.holds(state.count, state.min, state.max), {
    message: extremesNullExactlyWhenEmpty.message,
  });
export type MomentsJson = z.output<typeof momentsJson>;

/**
 * The unit of a scaled Moments' sum and mean (M2's is its square): 2^600, so
 * that a merge's δ²·na·nb, at most (2·Number.MAX_VALUE/UNIT)²·2^106 = 2^956,
 * stays finite for any counts below 2^53.
 */
const UNIT = 2 ** 600;
const SCALE = 2 ** -600;

interface ScaledState {
  count: number;
  sum: number;
  mean: number;
  m2: number;
}

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
 *
 * Overflow: a deviation or square of values beyond ~1e154, or a sum beyond
 * ±1.8e308, would be ±Infinity and then NaN. When an update would overflow,
 * the accumulator switches for good to holding sum, mean and M2 in units of
 * 2^600 (a power of two: scaling is exact), in which no finite input can
 * overflow; values so small that they lose digits there are negligible
 * beside the huge ones that forced it. The arithmetic of ordinary values is
 * exactly the unscaled one. Results are converted back, so mean and stddev
 * are always finite; a sum or variance beyond the double range is reported
 * as ±Infinity (null in JSON results), never NaN.
 */
export class Moments implements Accumulator<NumericValue, MomentsResult, MomentsJson> {
  private count = 0;
  private sum = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  private scaled = false;
  private excluded = new ExcludedValues();

  add(value: NumericValue): void {
    if (!this.excluded.admit(value)) return;
    this.count += 1;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    if (!this.scaled && this.addInUnits(value)) return;
    this.rescale();
    this.addInUnits(value * SCALE);
  }

  merge(other: Moments): void {
    this.excluded.merge(other.excluded);
    if (other.count === 0) return;
    if (other.scaled) this.rescale();
    if (!this.mergeInUnits(other.inUnitsOf(this.scaled))) {
      this.rescale();
      this.mergeInUnits(other.inUnitsOf(true));
    }
    this.count += other.count;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  result(): MomentsResult {
    const { count, m2 } = this;
    const unit = this.scaled ? UNIT : 1;
    const sampleVariance = count >= 2 ? m2 / (count - 1) : null;
    const populationVariance = count >= 1 ? m2 / count : null;
    return {
      count,
      missing: this.excluded.missing,
      nonFinite: this.excluded.nonFinite,
      sum: this.sum * unit,
      mean: count >= 1 ? this.mean * unit : null,
      sampleVariance: sampleVariance === null ? null : sampleVariance * unit * unit,
      populationVariance: populationVariance === null ? null : populationVariance * unit * unit,
      sampleStddev: sampleVariance === null ? null : Math.sqrt(sampleVariance) * unit,
      populationStddev: populationVariance === null ? null : Math.sqrt(populationVariance) * unit,
      min: count >= 1 ? this.min : null,
      max: count >= 1 ? this.max : null,
    };
  }

  /** Welford's update with `x` in the current units (count already includes it); false, changing nothing, on overflow. */
  private addInUnits(x: number): boolean {
    const delta = x - this.mean;
    const mean = this.mean + delta / this.count;
    const m2 = this.m2 + delta * (x - mean);
    const sum = this.sum + x;
    if (!(Number.isFinite(sum) && Number.isFinite(mean) && Number.isFinite(m2))) return false;
    Object.assign(this, { sum, mean, m2 });
    return true;
  }

  /** Chan et al.'s merge of another state in the current units (count not yet updated); false, changing nothing, on overflow. */
  private mergeInUnits(other: ScaledState): boolean {
    const count = this.count + other.count;
    const delta = other.mean - this.mean;
    const mean = this.mean + (delta * other.count) / count;
    const m2 = this.m2 + (other.m2 + (delta * delta * this.count * other.count) / count);
    const sum = this.sum + other.sum;
    if (!(Number.isFinite(sum) && Number.isFinite(mean) && Number.isFinite(m2))) return false;
    Object.assign(this, { sum, mean, m2 });
    return true;
  }

  private inUnitsOf(scaled: boolean): ScaledState {
    const factor = scaled && !this.scaled ? SCALE : 1;
    return {
      count: this.count,
      sum: this.sum * factor,
      mean: this.mean * factor,
      m2: this.m2 * factor * factor,
    };
  }

  private rescale(): void {
    if (this.scaled) return;
    Object.assign(this, this.inUnitsOf(true), { scaled: true });
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
      ...(this.scaled ? { scaled: true as const } : {}),
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
    moments.scaled = state.scaled === true;
    return moments;
  }
}
