import * as assert from "assert";
import { mahalanobisDetector } from "../../transforms/outliers/mahalanobis";
import type { MahalanobisSpec } from "../../transforms/outliers/outlier_spec";
import { assertClose } from "../statistics/assert_close";
import { baselineOf, coMomentsWith } from "./baseline_fixture";

const spec = (fields: Partial<MahalanobisSpec> = {}): MahalanobisSpec => ({
  method: "mahalanobis",
  pValue: 0.01,
  ridge: 1e-6,
  ...fields,
});

/** Upper 1 % and 5 % points of χ²(ν), NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.4. */
const CHI_SQUARE_99 = { 1: 6.635, 2: 9.21, 3: 11.345, 5: 15.086 };
const CHI_SQUARE_95 = { 2: 5.991 };

/** A profile with numerical features named like `features` and the given means and covariance. */
function profileWith(features: string[], means: number[], covariance: number[][]) {
  const columns = Object.fromEntries(features.map((name) => [name, [0, 1]]));
  return baselineOf(columns, { coMoments: coMomentsWith(features, means, covariance) });
}

describe("outliers: mahalanobis", () => {
  // μ = (1, 2), Σ = [[4, 2], [2, 3]]: det 8, Σ⁻¹ = [[3/8, −1/4], [−1/4, 1/2]].
  const twoD = profileWith(
    ["a", "b"],
    [1, 2],
    [
      [4, 2],
      [2, 3],
    ],
  );

  it("scores D² = (x − μ)ᵀ Σ⁻¹ (x − μ) against χ²(0.99, 2), worked by hand", () => {
    const detector = mahalanobisDetector(spec(), twoD);
    assert.deepStrictEqual(detector.features, ["a", "b"]);
    assert.deepStrictEqual(detector.notes, []);
    // x = (3, 5), δ = (2, 3): 3/8·4 − 2·1/4·6 + 1/2·9 = 1.5 − 3 + 4.5 = 3 < 9.2103.
    assert.deepStrictEqual(detector.detect({ a: 3, b: 5 }), []);
    // x = (5, 0), δ = (4, −2): 3/8·16 + 2·1/4·8 + 1/2·4 = 6 + 4 + 2 = 12 > 9.2103.
    const [finding] = detector.detect({ a: 5, b: 0 });
    assert.deepStrictEqual(finding.value, { a: 5, b: 0 });
    assert.strictEqual(finding.feature, "*");
    assert.strictEqual(finding.method, "mahalanobis");
    assertClose(finding.score, 12, 1e-14);
    assertClose(finding.threshold, 9.2103, 1e-5); // the brief's χ²(0.99, 2)
    assertClose(finding.threshold, CHI_SQUARE_99[2], 5e-4);
  });

  it("flags strictly above the χ² quantile", () => {
    // Along a: δ = (t, 0), D² = 3t²/8, so the threshold T is crossed at t = √(8T/3).
    const detector = mahalanobisDetector(spec({ pValue: 0.05 }), twoD);
    const [probe] = detector.detect({ a: 1 + 100, b: 2 });
    assertClose(probe.threshold, CHI_SQUARE_95[2], 5e-4);
    const crossing = Math.sqrt((8 * probe.threshold) / 3);
    assert.deepStrictEqual(detector.detect({ a: 1 + crossing * (1 - 1e-9), b: 2 }), []);
    assert.strictEqual(detector.detect({ a: 1 + crossing * (1 + 1e-9), b: 2 }).length, 1);
  });

  it("scores the present features with their marginal covariance and as many degrees of freedom", () => {
    // Σ = [[4, 2, 0], [2, 3, 0], [0, 0, 9]], μ = (1, 2, 0).
    const detector = mahalanobisDetector(
      spec(),
      profileWith(
        ["a", "b", "c"],
        [1, 2, 0],
        [
          [4, 2, 0],
          [2, 3, 0],
          [0, 0, 9],
        ],
      ),
    );
    const scored = (values: Record<string, number | null>) =>
      detector.detect(values).map((finding) => [finding.value, finding.score, finding.threshold]);
    // All three: 12 (as above) + 3²/9 = 13 > χ²(0.99, 3).
    const [all] = scored({ a: 5, b: 0, c: 3 });
    assert.deepStrictEqual(all[0], { a: 5, b: 0, c: 3 });
    assertClose(all[1], 13, 1e-14);
    assertClose(all[2], CHI_SQUARE_99[3], 5e-4);
    // c missing: (a, b) alone, D² = 12 > χ²(0.99, 2).
    const [ab] = scored({ a: 5, b: 0, c: null });
    assert.deepStrictEqual(ab[0], { a: 5, b: 0 });
    assertClose(ab[1], 12, 1e-14);
    assertClose(ab[2], CHI_SQUARE_99[2], 5e-4);
    // c alone: 8²/9 = 7.11 > χ²(0.99, 1) = 6.635, though it would not pass χ²(0.99, 3) = 11.345.
    const [c] = scored({ c: 8 });
    assert.deepStrictEqual(c[0], { c: 8 });
    assertClose(c[1], 64 / 9, 1e-14);
    assertClose(c[2], CHI_SQUARE_99[1], 5e-4);
    assert.deepStrictEqual(scored({ a: null, b: null, c: null }), []);
  });

  it("reuses each pattern of present features' marginal factor, and keeps patterns apart", () => {
    const detector = mahalanobisDetector(
      spec({ pValue: 0.5 }),
      profileWith(
        ["a", "b", "c"],
        [1, 2, 0],
        [
          [4, 2, 0],
          [2, 3, 0],
          [0, 0, 9],
        ],
      ),
    );
    const score = (values: Record<string, number | null>) => detector.detect(values)[0]?.score;
    // Interleaved, each pattern twice: (a, b) δ = (4, −2) → 12 and δ = (2, 3) → 3 (as above);
    // (a, c) with Σ_ac = diag(4, 9): δ = (4, 3) → 16/4 + 9/9 = 5, δ = (2, 6) → 1 + 4 = 5;
    // (b, c) with Σ_bc = diag(3, 9): δ = (−2, 3) → 4/3 + 1 = 7/3. χ²(0.5, 2) = 1.386 flags them all.
    const scores = [
      score({ a: 5, b: 0, c: null }),
      score({ a: 5, b: null, c: 3 }),
      score({ a: 3, b: 5, c: null }),
      score({ a: 3, b: null, c: 6 }),
      score({ a: null, b: 0, c: 3 }),
    ];
    [12, 5, 3, 5, 7 / 3].forEach((expected, i) => assertClose(scores[i] as number, expected, 1e-14));
  });

  it("uses χ²(0.99, 5) for five features", () => {
    const identity = [0, 1, 2, 3, 4].map((i) => [0, 1, 2, 3, 4].map((j) => (i === j ? 1 : 0)));
    const detector = mahalanobisDetector(
      spec(),
      profileWith(["a", "b", "c", "d", "e"], [0, 0, 0, 0, 0], identity),
    );
    // Identity covariance: D² = Σ x² = 4 · 2² = 16 > 15.0863.
    const [finding] = detector.detect({ a: 2, b: 2, c: 2, d: 2, e: 0 });
    assertClose(finding.score, 16, 1e-14);
    assertClose(finding.threshold, 15.0863, 1e-5); // the brief's χ²(0.99, 5)
    assertClose(finding.threshold, CHI_SQUARE_99[5], 5e-4);
    // 3 · 2² + 1.5² = 14.25 < 15.0863.
    assert.deepStrictEqual(detector.detect({ a: 2, b: 2, c: 2, d: 1.5, e: 0 }), []);
  });

  it("regularises a singular covariance with λ·diag(Σ), worked by hand", () => {
    // b = 2a exactly: Σ = [[1, 2], [2, 4]] is singular. With λ = 1e-6,
    // Σ' = [[1 + λ, 2], [2, 4(1 + λ)]], det Σ' = 4(1 + λ)² − 4 = 4λ(2 + λ),
    // Σ'⁻¹ = [[4(1 + λ), −2], [−2, 1 + λ]] / det.
    const lambda = 1e-6;
    const detector = mahalanobisDetector(
      spec(),
      profileWith(
        ["a", "b"],
        [0, 0],
        [
          [1, 2],
          [2, 4],
        ],
      ),
    );
    assert.deepStrictEqual(detector.notes, [
      "the baseline covariance of a, b is singular or not positive definite: using Σ + λ·diag(Σ) with λ = 0.000001",
    ]);
    // On the line, δ = (t, 2t): (4(1 + λ) − 8 + 4(1 + λ))·t² / det = 2t²/(2 + λ) ≈ t², a's own z².
    assert.deepStrictEqual(detector.detect({ a: 3, b: 6 }), []); // 18/(2 + λ) ≈ 9.0 < 9.2103
    const [onLine] = detector.detect({ a: 3.1, b: 6.2 });
    assertClose(onLine.score, (2 * 3.1 ** 2) / (2 + lambda), 1e-9);
    // Off the line, δ = (1, −2): (4(1 + λ) + 8 + 4(1 + λ)) / det = 8(2 + λ) / (4λ(2 + λ)) = 2/λ.
    const [offLine] = detector.detect({ a: 1, b: -2 });
    assertClose(offLine.score / (2 / lambda), 1, 1e-6);
  });

  it("raises λ tenfold until a covariance that is not positive semidefinite factorises", () => {
    // Unit variances, correlations a–b = b–c = r, a–c = −r (pairwise co-moments over gappy data can
    // give this). (1, −1, 1) is an eigenvector with eigenvalue 1 − 2r, so R + λI is positive definite
    // only for λ > 2r − 1: for r = 0.52, λ > 0.04, and the first of 1e-6, 1e-5, … above it is 0.1.
    const r = 0.52;
    const correlations = (rho: number) => [
      [1, rho, -rho],
      [rho, 1, rho],
      [-rho, rho, 1],
    ];
    const detector = mahalanobisDetector(spec(), profileWith(["a", "b", "c"], [0, 0, 0], correlations(r)));
    assert.match(detector.notes[0], /with λ = 0\.1$/);
    // Along the eigenvector: D² = |v|² / (1 − 2r + λ) = 3 / 0.06 = 50.
    const [finding] = detector.detect({ a: 1, b: -1, c: 1 });
    assertClose(finding.score, 50, 1e-12);
    // r = 1.2 needs λ > 1.4: refused.
    assert.throws(
      () => mahalanobisDetector(spec(), profileWith(["a", "b", "c"], [0, 0, 0], correlations(1.2))),
      /mahalanobis: the baseline covariance of a, b, c is not positive definite even with Σ \+ λ·diag\(Σ\), λ = 1/,
    );
  });

  it("refuses a baseline without co-moments, and a listed constant feature (skipped when not listed)", () => {
    const imported = baselineOf({ a: [1, 2] });
    delete imported.coMoments;
    assert.throws(
      () => mahalanobisDetector(spec(), imported),
      /mahalanobis: the baseline profile has no co-moments/,
    );
    const withConstant = profileWith(
      ["a", "b", "k"],
      [0, 0, 7],
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 0],
      ],
    );
    assert.throws(
      () => mahalanobisDetector(spec({ features: ["a", "k"] }), withConstant),
      /mahalanobis: feature "k": it is constant \(7\) in the baseline, so it has no variance/,
    );
    const detector = mahalanobisDetector(spec(), withConstant);
    assert.deepStrictEqual(detector.features, ["a", "b"]);
    assert.deepStrictEqual(
      detector.skipped.map((skip) => skip.feature),
      ["k"],
    );
  });

  it("uses only the listed features, in the listed order", () => {
    const detector = mahalanobisDetector(spec({ features: ["b"] }), twoD);
    // b alone: (5 − 2)²/3 = 3 < 6.635; (8 − 2)²/3 = 12 > 6.635; a is ignored.
    assert.deepStrictEqual(detector.detect({ a: 1000, b: 5 }), []);
    assert.deepStrictEqual(
      detector.detect({ a: 1000, b: 8 }).map((finding) => finding.value),
      [{ b: 8 }],
    );
  });
});
