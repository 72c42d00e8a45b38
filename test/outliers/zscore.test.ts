import * as assert from "assert";
import { zscoreDetector } from "../../transforms/outliers/zscore";
import { baselineOf } from "./baseline_fixture";

describe("outliers: zscore", () => {
  // x = 3, 5, 7: mean 5, Σ(x − 5)² = 4 + 0 + 4 = 8, sample variance 8/2 = 4, s = 2.
  const profile = baselineOf({ x: [3, 5, 7], constant: [4, 4, 4] });

  it("scores |x − mean| / s with the sample standard deviation; exactly at the threshold is not flagged", () => {
    const detector = zscoreDetector({ method: "zscore", features: ["x"], threshold: 3 }, profile);
    // 11 and −1 are exactly 3 s away: |11 − 5| / 2 = 3, not above 3.
    assert.deepStrictEqual(detector.detect({ x: 11 }), []);
    assert.deepStrictEqual(detector.detect({ x: -1 }), []);
    assert.deepStrictEqual(detector.detect({ x: 11.5 }), [
      { feature: "x", value: 11.5, method: "zscore", score: 3.25, threshold: 3 }, // 6.5 / 2
    ]);
    assert.deepStrictEqual(detector.detect({ x: -2 }), [
      { feature: "x", value: -2, method: "zscore", score: 3.5, threshold: 3 }, // 7 / 2
    ]);
    assert.deepStrictEqual(detector.detect({ x: null }), []);
  });

  it("uses the spec's threshold", () => {
    const detector = zscoreDetector({ method: "zscore", features: ["x"], threshold: 2 }, profile);
    assert.deepStrictEqual(
      detector.detect({ x: 10 }).map((finding) => finding.score),
      [2.5],
    ); // 5 / 2
    assert.deepStrictEqual(detector.detect({ x: 9 }), []); // exactly 2
  });

  it("refuses a listed constant feature and skips it, with the reason, when features are not listed", () => {
    assert.throws(
      () => zscoreDetector({ method: "zscore", features: ["constant"], threshold: 3 }, profile),
      /^OutlierSpecError: zscore: feature "constant": it is constant \(4\) in the baseline, so it has no standard deviation$/,
    );
    const detector = zscoreDetector({ method: "zscore", threshold: 3 }, profile);
    assert.deepStrictEqual(detector.features, ["x"]);
    assert.deepStrictEqual(detector.skipped, [
      { feature: "constant", reason: "it is constant (4) in the baseline, so it has no standard deviation" },
    ]);
  });

  it("refuses an entry when no feature can be checked", () => {
    assert.throws(
      () => zscoreDetector({ method: "zscore", threshold: 3 }, baselineOf({ one: [1] })),
      /zscore: no numerical feature of the baseline can be checked \("one": the baseline has 1 value\(s\), z-scores need 2\)/,
    );
  });
});
