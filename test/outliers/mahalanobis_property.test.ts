import * as assert from "assert";
import { mahalanobisDetector } from "../../transforms/outliers/mahalanobis";
import { CoMoments } from "../../transforms/statistics";
import { standardNormal, uniformSource } from "../statistics/random_data";
import { baselineOf, coMomentsWith } from "./baseline_fixture";

/** x = μ + L·z with z standard normal: a draw from N(μ, L·Lᵀ). */
function normalDraws(mean: number[], lower: number[][], n: number, seed: number): number[][] {
  const uniform = uniformSource(seed);
  return Array.from({ length: n }, () => {
    const z = mean.map(() => standardNormal(uniform));
    return mean.map((mu, i) => mu + lower[i].reduce((sum, entry, k) => sum + entry * z[k], 0));
  });
}

/** Σ = L·Lᵀ, multiplied out. */
function covarianceOf(lower: number[][]): number[][] {
  return lower.map((row) => lower.map((other) => row.reduce((sum, entry, k) => sum + entry * other[k], 0)));
}

const FEATURES = ["a", "b", "c", "d", "e"];
// A correlated 5-D normal: Σ = L·Lᵀ, means in mixed units.
const MEAN = [10, -5, 0, 1000, 0.01];
const LOWER = [
  [1, 0, 0, 0, 0],
  [0.5, 2, 0, 0, 0],
  [-1, 0.5, 1.5, 0, 0],
  [30, -20, 10, 50, 0],
  [0.001, 0, -0.002, 0.001, 0.003],
];
const DRAWS = 20000;

/**
 * The flagged count over n independent draws is Binomial(n, p) when D² ~ χ²(d)
 * exactly (μ and Σ the true ones): within 4 standard deviations √(n·p(1 − p))
 * of n·p except with probability 6e-5.
 */
function assertNearNominal(flagged: number, n: number, p: number, what: string): void {
  const sd = Math.sqrt(n * p * (1 - p));
  assert.ok(
    Math.abs(flagged - n * p) <= 4 * sd,
    `${what}: ${flagged} of ${n} flagged, expected ${n * p} ± ${(4 * sd).toFixed(1)}`,
  );
}

describe("outliers: mahalanobis on draws from the baseline distribution", () => {
  const truth = baselineOf(Object.fromEntries(FEATURES.map((name) => [name, [0, 1]])), {
    coMoments: coMomentsWith(FEATURES, MEAN, covarianceOf(LOWER)),
  });
  const draws = normalDraws(MEAN, LOWER, DRAWS, 20260101);
  const asValues = (row: number[]) => Object.fromEntries(FEATURES.map((name, i) => [name, row[i]]));

  for (const [pValue, features] of [
    [0.01, ["a", "b"]],
    [0.05, ["a", "b", "c"]],
    [0.01, FEATURES],
    [0.1, FEATURES],
  ] as [number, string[]][]) {
    it(`flags a fraction near pValue = ${pValue} with d = ${features.length}`, () => {
      const detector = mahalanobisDetector({ method: "mahalanobis", features, pValue, ridge: 1e-6 }, truth);
      const flagged = draws.filter((row) => detector.detect(asValues(row)).length > 0).length;
      assertNearNominal(flagged, DRAWS, pValue, `d = ${features.length}`);
    });
  }

  it("keeps the nominal fraction when values are missing at random (marginal covariance, fewer d.o.f.)", () => {
    const detector = mahalanobisDetector({ method: "mahalanobis", pValue: 0.05, ridge: 1e-6 }, truth);
    const uniform = uniformSource(7);
    const degreesUsed = new Set<number>();
    let flagged = 0;
    let scored = 0;
    for (const row of draws) {
      const values = Object.fromEntries(FEATURES.map((name, i) => [name, uniform() < 0.3 ? null : row[i]]));
      const present = Object.values(values).filter((value) => value !== null).length;
      if (present === 0) continue;
      degreesUsed.add(present);
      scored += 1;
      if (detector.detect(values).length > 0) flagged += 1;
    }
    assert.deepStrictEqual([...degreesUsed].sort(), [1, 2, 3, 4, 5]);
    assertNearNominal(flagged, scored, 0.05, "30 % missing");
  });

  it("is near nominal with μ and Σ estimated from a baseline sample of 20 000 rows", () => {
    // Estimation error adds a little to the binomial spread (D² is then only approximately χ²);
    // with n = 20 000 ≫ d = 5 it stays well inside the same band.
    const coMoments = new CoMoments(FEATURES);
    for (const row of normalDraws(MEAN, LOWER, 20000, 99)) coMoments.add(row);
    const estimated = baselineOf(Object.fromEntries(FEATURES.map((name) => [name, [0, 1]])), { coMoments });
    const detector = mahalanobisDetector({ method: "mahalanobis", pValue: 0.01, ridge: 1e-6 }, estimated);
    const flagged = draws.filter((row) => detector.detect(asValues(row)).length > 0).length;
    assertNearNominal(flagged, DRAWS, 0.01, "estimated baseline");
  });
});
