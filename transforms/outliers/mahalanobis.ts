import chiSquareQuantile from "@stdlib/stats-base-dists-chisquare-quantile";
import type { BaselineProfile } from "../baseline/baseline_profile";
import { choleskyFactor, squaredMahalanobisLength } from "./cholesky";
import { ALL_FEATURES, OutlierDetector, OutlierSpecError, finiteValue, selectFeatures } from "./detector";
import type { MahalanobisSpec } from "./outlier_spec";

/**
 * A covariance is used as is when its Cholesky pivots all exceed this
 * fraction of their diagonal entries, i.e. no feature is explained by the
 * others to within 1e-10 of its variance; otherwise it counts as singular.
 */
const SINGULAR_TOLERANCE = 1e-10;

/** Up to 2^d patterns of present features can occur: past this many, further ones are factorised per record. */
const MAX_CACHED_PATTERNS = 4096;

/**
 * `mahalanobis`: the squared Mahalanobis distance of the record's feature
 * vector from the baseline, D² = (x − μ)ᵀ Σ⁻¹ (x − μ) (Mahalanobis 1936), with
 * μ and Σ the baseline co-moments' means and sample covariance. Flagged when
 * D² is above χ²_{1−p}(d), the χ² quantile at 1 − pValue with d degrees of
 * freedom: for x ~ N(μ, Σ), D² ~ χ²(d), so a fraction pValue of the baseline
 * distribution is flagged. (With μ and Σ estimated from n baseline rows this
 * holds for n ≫ d.) Finding feature "*", value the features used.
 *
 * Missing values: D² of the present features alone, with their marginal
 * covariance (the submatrix of Σ: the marginal of a normal vector is normal)
 * and d = the number present. A record with none present is never flagged.
 *
 * Singular Σ (collinear features; or not positive definite, which pairwise
 * co-moments over gappy baselines can give): Σ + λ·diag(Σ), i.e. the
 * correlation matrix R + λI rescaled. λ scales each feature by its own
 * variance, so features in very different units are regularised alike (a
 * λ·tr(Σ)/d ridge would swamp the small-variance ones). λ = `ridge` (default
 * 1e-6), ×10 until Σ factorises, up to 1; beyond that the build fails. A
 * feature constant in the baseline has no variance to scale by and is refused.
 */
export function mahalanobisDetector(spec: MahalanobisSpec, profile: BaselineProfile): OutlierDetector {
  if (profile.coMoments === undefined) {
    throw new OutlierSpecError(
      "mahalanobis: the baseline profile has no co-moments (an imported reference-system baseline has none)",
    );
  }
  const baseline = profile.coMoments.result();
  const { checks, skipped } = selectFeatures(
    "mahalanobis",
    spec.features,
    profile,
    "numerical",
    (feature) => {
      const index = baseline.features.indexOf(feature);
      if (index < 0) return "it is not among the baseline's co-moment features";
      const variance = baseline.covariance[index][index];
      const mean = baseline.means[index];
      if (variance === null || mean === null) {
        return `the baseline has ${baseline.counts[index][index]} value(s), a covariance needs 2`;
      }
      if (variance === 0) return `it is constant (${mean}) in the baseline, so it has no variance`;
      return { feature, index, mean };
    },
  );
  const features = checks.map((check) => check.feature);
  const means = checks.map((check) => check.mean);
  const covariance = checks.map((a) =>
    checks.map((b) => {
      const entry = baseline.covariance[a.index][b.index];
      if (entry === null) {
        throw new OutlierSpecError(
          `mahalanobis: features "${a.feature}" and "${b.feature}" have ` +
            `${baseline.counts[a.index][b.index]} baseline row(s) together, a covariance needs 2`,
        );
      }
      return entry;
    }),
  );
  const { regularised, factor, lambda } = regularisedFactor(covariance, spec.ridge, features);
  const d = features.length;
  /** thresholds[k − 1] = χ²_{1−p}(k), for a record with k features present. */
  const thresholds = Array.from({ length: d }, (_, k) => chiSquareQuantile(1 - spec.pValue, k + 1));
  const notes =
    lambda === 0
      ? []
      : [
          `the baseline covariance of ${features.join(", ")} is singular or not positive definite: ` +
            `using Σ + λ·diag(Σ) with λ = ${Number(lambda.toPrecision(6))}`,
        ];
  // Records with missing values share few patterns of present features: each pattern's factor is made once.
  // A plain object (not a Map), so that it survives Beam's closure serialization even when filled.
  const marginalFactors: Record<string, number[][] | null> = {};
  let cachedPatterns = 0;
  const marginalFactorOf = (present: readonly number[]): number[][] | null => {
    const pattern = present.join(",");
    if (Object.hasOwn(marginalFactors, pattern)) return marginalFactors[pattern];
    // A principal submatrix of a positive definite matrix is positive
    // definite, with pivots no smaller (fewer features to regress on), so
    // the marginal factorisation cannot fail; a DoFn must not throw anyway.
    const marginal =
      choleskyFactor(
        present.map((i) => present.map((j) => regularised[i][j])),
        0,
      ) ?? null;
    if (cachedPatterns < MAX_CACHED_PATTERNS) {
      marginalFactors[pattern] = marginal;
      cachedPatterns += 1;
    }
    return marginal;
  };
  return {
    method: "mahalanobis",
    features,
    skipped,
    notes,
    detect: (values) => {
      const present: number[] = [];
      const deviation: number[] = [];
      const value: Record<string, number> = {};
      for (let i = 0; i < d; i++) {
        const x = finiteValue(values[features[i]]);
        if (x === undefined) continue;
        present.push(i);
        deviation.push(x - means[i]);
        value[features[i]] = x;
      }
      if (present.length === 0) return [];
      const marginalFactor = present.length === d ? factor : marginalFactorOf(present);
      if (marginalFactor === null) return [];
      const score = squaredMahalanobisLength(marginalFactor, deviation);
      const threshold = thresholds[present.length - 1];
      return score > threshold
        ? [{ feature: ALL_FEATURES, value, method: "mahalanobis", score, threshold }]
        : [];
    },
  };
}

/** Σ's Cholesky factor, or that of Σ + λ·diag(Σ) for the first λ in ridge, 10·ridge, … ≤ 1 that factorises. */
function regularisedFactor(
  covariance: number[][],
  ridge: number,
  features: readonly string[],
): { regularised: number[][]; factor: number[][]; lambda: number } {
  const candidates = [0];
  for (let lambda = ridge; lambda <= 1 + 1e-12; lambda *= 10) candidates.push(lambda);
  for (const lambda of candidates) {
    const regularised = covariance.map((row, i) =>
      row.map((entry, j) => (i === j ? entry * (1 + lambda) : entry)),
    );
    const factor = choleskyFactor(regularised, SINGULAR_TOLERANCE);
    if (factor !== undefined) return { regularised, factor, lambda };
  }
  throw new OutlierSpecError(
    `mahalanobis: the baseline covariance of ${features.join(", ")} is not positive definite even with ` +
      `Σ + λ·diag(Σ), λ = 1 (pairwise co-moments over a baseline with many gaps?)`,
  );
}
