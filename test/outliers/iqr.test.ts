import * as assert from "assert";
import { iqrDetector } from "../../transforms/outliers/iqr";
import { baselineOf } from "./baseline_fixture";

describe("outliers: iqr (Tukey's fences)", () => {
  // x = 1..20. Nearest-rank quartiles (Hyndman & Fan type 1, R's quantile(1:20, type = 1)):
  // Q1 = x(⌈0.25·20⌉) = x(5) = 5, Q3 = x(15) = 15, IQR = 10; k = 1.5 gives fences −10 and 30.
  const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
  const profile = baselineOf({ x: oneToTwenty, mostlyZero: [0, 0, 0, 0, 0, 0, 0, 1] });

  it("flags outside Q1 − k·IQR and Q3 + k·IQR, scoring IQRs beyond the box; the fences themselves are inside", () => {
    const detector = iqrDetector({ method: "iqr", features: ["x"], k: 1.5 }, profile);
    assert.deepStrictEqual(detector.detect({ x: 30 }), []); // (30 − 15)/10 = 1.5, not above k
    assert.deepStrictEqual(detector.detect({ x: -10 }), []); // (5 − (−10))/10 = 1.5
    assert.deepStrictEqual(detector.detect({ x: 31 }), [
      { feature: "x", value: 31, method: "iqr", score: 1.6, threshold: 1.5 }, // (31 − 15)/10
    ]);
    assert.deepStrictEqual(detector.detect({ x: -12 }), [
      { feature: "x", value: -12, method: "iqr", score: 1.7, threshold: 1.5 }, // (5 − (−12))/10
    ]);
    assert.deepStrictEqual(detector.detect({ x: 10 }), []);
    assert.deepStrictEqual(detector.detect({ x: null }), []);
  });

  it("uses the spec's k (k = 0 flags everything outside the quartile box)", () => {
    const detector = iqrDetector({ method: "iqr", features: ["x"], k: 0 }, profile);
    assert.deepStrictEqual(detector.detect({ x: 15 }), []);
    assert.deepStrictEqual(
      detector.detect({ x: 16 }).map((finding) => finding.score),
      [0.1],
    );
  });

  it("refuses a feature with a zero IQR or no quantile sketch", () => {
    // 0 ×7, 1: Q1 = x(2) = 0 and Q3 = x(6) = 0.
    assert.throws(
      () => iqrDetector({ method: "iqr", features: ["mostlyZero"], k: 1.5 }, profile),
      /iqr: feature "mostlyZero": its baseline interquartile range is 0 \(Q1 = Q3 = 0\), so it has no scale/,
    );
    const imported = baselineOf({ x: oneToTwenty });
    const x = imported.features.x;
    assert.ok(x.type === "numerical");
    delete x.quantiles;
    assert.throws(
      () => iqrDetector({ method: "iqr", k: 1.5 }, imported),
      /iqr: no numerical feature .* \("x": the baseline has no quantile sketch \(use range or zscore\)\)/,
    );
  });
});
