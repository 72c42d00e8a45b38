import * as assert from "assert";
import { OutlierSpecError } from "../../transforms/outliers/detector";
import { rangeDetector } from "../../transforms/outliers/range";
import { baselineOf } from "./baseline_fixture";

describe("outliers: range", () => {
  // Baseline x: min 2, max 9; y: min −1, max 1.
  const profile = baselineOf({
    x: [2, 4, 4, 5, 9],
    y: [-1, 0, 1, 0, 0],
    color: ["red", "blue", "red", "red", "red"],
  });

  it("scores the distance beyond [min, max] in the feature's units, min and max themselves inside", () => {
    const detector = rangeDetector({ method: "range", features: ["x"] }, profile);
    assert.deepStrictEqual(detector.detect({ x: 9.5 }), [
      { feature: "x", value: 9.5, method: "range", score: 0.5, threshold: 0 }, // 9.5 − 9
    ]);
    assert.deepStrictEqual(detector.detect({ x: -1 }), [
      { feature: "x", value: -1, method: "range", score: 3, threshold: 0 }, // 2 − (−1)
    ]);
    for (const inside of [2, 9, 5.5]) assert.deepStrictEqual(detector.detect({ x: inside }), [], `${inside}`);
  });

  it("never flags a missing value, and checks every numerical feature when none are listed", () => {
    const detector = rangeDetector({ method: "range" }, profile);
    assert.deepStrictEqual(detector.features, ["x", "y"]);
    assert.deepStrictEqual(detector.detect({ x: null, y: null }), []);
    assert.deepStrictEqual(detector.detect({}), []);
    assert.deepStrictEqual(
      detector.detect({ x: 10, y: 1.25 }).map((finding) => [finding.feature, finding.score]),
      [
        ["x", 1],
        ["y", 0.25],
      ],
    );
  });

  it("refuses a listed feature that is not in the baseline or not numerical, naming it", () => {
    assert.throws(
      () => rangeDetector({ method: "range", features: ["z"] }, profile),
      (error: Error) =>
        error instanceof OutlierSpecError &&
        error.message === 'range: feature "z" is not in the baseline profile (it has x, y, color)',
    );
    assert.throws(
      () => rangeDetector({ method: "range", features: ["color"] }, profile),
      /range: feature "color" is categorical, range checks numerical features/,
    );
  });
});
