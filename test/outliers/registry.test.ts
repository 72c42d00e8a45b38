import * as assert from "assert";
import { OutlierSpecError } from "../../transforms/outliers/detector";
import { OUTLIER_DETECTORS, buildOutlierDetectors } from "../../transforms/outliers/registry";
import { outliersSpecSchema } from "../../transforms/outliers/outlier_spec";
import { baselineOf } from "./baseline_fixture";

describe("outliers: registry", () => {
  // x = 3, 5, 7 (mean 5, s = 2, range [3, 7]); y = 0, 10, 20; color red / blue.
  const profile = baselineOf({ x: [3, 5, 7], y: [0, 10, 20], color: ["red", "blue", "red"] });

  it("has one builder per spec method", () => {
    assert.deepStrictEqual(Object.keys(OUTLIER_DETECTORS).sort(), [
      "iqr",
      "mahalanobis",
      "range",
      "unseen",
      "zscore",
    ]);
  });

  it("builds the spec's entries in order", () => {
    const detectors = buildOutlierDetectors(
      outliersSpecSchema.parse([
        { method: "range", features: ["x"] },
        { method: "zscore", features: ["x"] },
        { method: "unseen" },
      ]),
      profile,
    );
    assert.deepStrictEqual(
      detectors.map((detector) => [detector.method, detector.features]),
      [
        ["range", ["x"]],
        ["zscore", ["x"]],
        ["unseen", ["color"]],
      ],
    );
  });

  it("names the failing entry", () => {
    assert.throws(
      () =>
        buildOutlierDetectors(
          outliersSpecSchema.parse([{ method: "range" }, { method: "iqr", features: ["color"] }]),
          profile,
        ),
      (error: Error) =>
        error instanceof OutlierSpecError &&
        error.message === 'outliers[1]: iqr: feature "color" is categorical, iqr checks numerical features',
    );
  });

  it("refuses two entries of one method over the same feature, whose outlier records could not be told apart", () => {
    assert.throws(
      () =>
        buildOutlierDetectors(
          outliersSpecSchema.parse([
            { method: "zscore", features: ["x"], threshold: 3 },
            { method: "zscore", features: ["y", "x"], threshold: 4 },
          ]),
          profile,
        ),
      /^OutlierSpecError: outliers\[1\]: zscore already checks "x" in outliers\[0\]$/,
    );
    assert.throws(
      () =>
        buildOutlierDetectors(
          outliersSpecSchema.parse([
            { method: "mahalanobis", features: ["x"] },
            { method: "mahalanobis", features: ["y"] },
          ]),
          profile,
        ),
      /outliers\[1\]: mahalanobis already checks "\*" in outliers\[0\]/,
    );
    // The same feature under two methods is fine.
    assert.strictEqual(
      buildOutlierDetectors(outliersSpecSchema.parse([{ method: "range" }, { method: "zscore" }]), profile)
        .length,
      2,
    );
  });
});
