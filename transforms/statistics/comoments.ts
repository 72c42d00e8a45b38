import { z } from "zod";
import {
  Accumulator,
  AccumulatorError,
  countJson,
  parseAccumulatorJson,
  requireSameParameter,
} from "./accumulator";
import type { NumericValue } from "./excluded_values";

/** Co-moments of one feature pair (x, y) over the rows where both are finite. */
interface PairMoments {
  n: number;
  meanX: number;
  meanY: number;
  /** Σ(x − x̄)(y − ȳ). */
  coMoment: number;
  /** Σ(x − x̄)² and Σ(y − ȳ)² over the same rows. */
  m2X: number;
  m2Y: number;
}

const nonNegative = z.number().nonnegative();
const coMomentsJson = z
  .strictObject({
    features: z.array(z.string()).min(1),
    /** One entry per pair i ≤ j, row by row: [n, x̄_i, x̄_j, Σ(x_i − x̄_i)(x_j − x̄_j), M2_i, M2_j]. */
    pairs: z.array(z.tuple([countJson, z.number(), z.number(), z.number(), nonNegative, nonNegative])),
  })
  .refine((state) => state.pairs.length === pairCount(state.features.length), {
    message: "there must be d(d+1)/2 pairs for d features",
  });
export type CoMomentsJson = z.output<typeof coMomentsJson>;

export interface CoMomentsResult {
  features: string[];
  /** Each feature's mean over the rows where it is finite; null when there are none. */
  means: (number | null)[];
  /** Rows where both features are finite; the diagonal is each feature's count. */
  counts: number[][];
  /** Sample covariance Σ(x − x̄)(y − ȳ)/(n − 1) over each pair's rows; null for n < 2. */
  covariance: (number | null)[][];
  /** Pearson r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)²·Σ(y − ȳ)²); null for n < 2 or a constant feature. */
  correlation: (number | null)[][];
}

/**
 * Pairwise covariance and Pearson correlation of d numerical features, for the
 * statistics output and as the baseline covariance (with `means`) of a
 * Mahalanobis outlier detector.
 *
 * Missing or non-finite values are skipped pairwise: each pair (i, j) keeps its
 * own n, means, co-moment and M2s over the rows where both values are finite,
 * so a gap in one feature does not discard the row for the others (`counts`
 * shows each pair's n). With gaps, the covariance matrix need not be positive
 * semidefinite; with complete rows it is the ordinary sample covariance.
 *
 * Add (Welford's update, bivariate form): n ← n + 1, δx = x − x̄, x̄ ← x̄ + δx/n,
 * δy = y − ȳ, ȳ ← ȳ + δy/n, C ← C + δx·(y − ȳnew), M2x ← M2x + δx·(x − x̄new).
 * Merge (Chan, Golub & LeVeque 1979, generalised to co-moments by Pébay,
 * "Formulas for robust, one-pass parallel computation of covariances and
 * arbitrary-order statistical moments", Sandia report SAND2008-6212):
 * n = na + nb, δx = x̄b − x̄a, δy = ȳb − ȳa, C = Ca + Cb + δx·δy·na·nb/n.
 */
export class CoMoments implements Accumulator<readonly NumericValue[], CoMomentsResult, CoMomentsJson> {
  readonly features: readonly string[];
  private pairs: PairMoments[];

  constructor(features: readonly string[]) {
    if (features.length === 0) throw new AccumulatorError("co-moments need at least one feature");
    this.features = [...features];
    this.pairs = Array.from({ length: pairCount(features.length) }, () => ({
      n: 0,
      meanX: 0,
      meanY: 0,
      coMoment: 0,
      m2X: 0,
      m2Y: 0,
    }));
  }

  /** Adds one row: a value (or null) per feature, in the order of `features`. */
  add(row: readonly NumericValue[]): void {
    const d = this.features.length;
    if (row.length !== d) {
      throw new AccumulatorError(
        `a co-moments row needs ${d} values (${this.features.join(", ")}), got ${row.length}`,
      );
    }
    for (let i = 0; i < d; i++) {
      const x = row[i];
      if (!isFiniteNumber(x)) continue;
      for (let j = i; j < d; j++) {
        const y = row[j];
        if (isFiniteNumber(y)) addPair(this.pairs[pairIndex(i, j, d)], x, y);
      }
    }
  }

  merge(other: CoMoments): void {
    requireSameParameter("co-moments", "features", this.features, other.features);
    this.pairs.forEach((pair, index) => mergePair(pair, other.pairs[index]));
  }

  result(): CoMomentsResult {
    const d = this.features.length;
    const matrix = <T>(entry: (pair: PairMoments) => T): T[][] =>
      Array.from({ length: d }, (_, i) =>
        Array.from({ length: d }, (_, j) => entry(this.pairs[pairIndex(Math.min(i, j), Math.max(i, j), d)])),
      );
    return {
      features: [...this.features],
      means: Array.from({ length: d }, (_, i) => {
        const own = this.pairs[pairIndex(i, i, d)];
        return own.n === 0 ? null : own.meanX;
      }),
      counts: matrix((pair) => pair.n),
      covariance: matrix((pair) => (pair.n < 2 ? null : pair.coMoment / (pair.n - 1))),
      correlation: matrix((pair) =>
        pair.n < 2 || pair.m2X === 0 || pair.m2Y === 0
          ? null
          : Math.max(-1, Math.min(1, pair.coMoment / Math.sqrt(pair.m2X * pair.m2Y))),
      ),
    };
  }

  toJSON(): CoMomentsJson {
    return {
      features: [...this.features],
      pairs: this.pairs.map((pair) => [pair.n, pair.meanX, pair.meanY, pair.coMoment, pair.m2X, pair.m2Y]),
    };
  }

  static fromJSON(json: unknown): CoMoments {
    const state = parseAccumulatorJson("co-moments", coMomentsJson, json);
    const coMoments = new CoMoments(state.features);
    coMoments.pairs = state.pairs.map(([n, meanX, meanY, coMoment, m2X, m2Y]) => ({
      n,
      meanX,
      meanY,
      coMoment,
      m2X,
      m2Y,
    }));
    return coMoments;
  }
}

function pairCount(d: number): number {
  return (d * (d + 1)) / 2;
}

/** Position of pair (i, j), i ≤ j, in the row-by-row upper triangle of a d × d matrix. */
function pairIndex(i: number, j: number, d: number): number {
  return i * d - (i * (i - 1)) / 2 + (j - i);
}

function isFiniteNumber(value: NumericValue): value is number {
  return value !== null && Number.isFinite(value);
}

function addPair(pair: PairMoments, x: number, y: number): void {
  pair.n += 1;
  const deltaX = x - pair.meanX;
  const deltaY = y - pair.meanY;
  pair.meanX += deltaX / pair.n;
  pair.meanY += deltaY / pair.n;
  pair.m2X += deltaX * (x - pair.meanX);
  pair.m2Y += deltaY * (y - pair.meanY);
  pair.coMoment += deltaX * (y - pair.meanY);
}

function mergePair(into: PairMoments, other: PairMoments): void {
  if (other.n === 0) return;
  const n = into.n + other.n;
  const deltaX = other.meanX - into.meanX;
  const deltaY = other.meanY - into.meanY;
  const weight = (into.n * other.n) / n;
  into.coMoment += other.coMoment + deltaX * deltaY * weight;
  into.m2X += other.m2X + deltaX * deltaX * weight;
  into.m2Y += other.m2Y + deltaY * deltaY * weight;
  into.meanX += (deltaX * other.n) / n;
  into.meanY += (deltaY * other.n) / n;
  into.n = n;
}
