import * as assert from "assert";
import { unseenDetector } from "../../transforms/outliers/unseen";
import { baselineOf } from "./baseline_fixture";

describe("outliers: unseen", () => {
  const profile = baselineOf({
    color: ["red", "green", "red", "blue"],
    // Numbers in a categorical feature are counted under their string form, as CategoryFrequencies does.
    grade: ["1", "2", "3"],
  });

  it("flags a category absent from the baseline with score 1, threshold 0", () => {
    const detector = unseenDetector({ method: "unseen" }, profile);
    assert.deepStrictEqual(detector.features, ["color", "grade"]);
    assert.deepStrictEqual(detector.detect({ color: "yellow", grade: 3 }), [
      { feature: "color", value: "yellow", method: "unseen", score: 1, threshold: 0 },
    ]);
    assert.deepStrictEqual(detector.detect({ color: "blue", grade: "4" }), [
      { feature: "grade", value: "4", method: "unseen", score: 1, threshold: 0 },
    ]);
    assert.deepStrictEqual(detector.detect({ color: null, grade: null }), []);
  });

  it("is not fooled by names of Object.prototype's properties", () => {
    const detector = unseenDetector({ method: "unseen", features: ["color"] }, profile);
    for (const category of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      assert.deepStrictEqual(detector.detect({ color: category }).length, 1, category);
    }
  });

  it("refuses a baseline whose frequencies are not exact, because a rare category may have been forgotten", () => {
    // Capacity 2, three distinct categories: red 1, red 2, green 1, then blue finds no free counter and
    // every counter drops by one: {red: 1} is left, and maxUndercount = ⌊(4 − 1)/(2 + 1)⌋ = 1.
    const summarised = baselineOf(
      { color: ["red", "red", "green", "blue"], shape: ["x", "y"] },
      { categoryCapacity: 2 },
    );
    assert.throws(
      () => unseenDetector({ method: "unseen", features: ["color"] }, summarised),
      /unseen: feature "color": its baseline category frequencies are not exact \(more than 2 categories\): a category not tracked may have occurred up to 1 times/,
    );
    const detector = unseenDetector({ method: "unseen" }, summarised);
    assert.deepStrictEqual(detector.features, ["shape"]);
    assert.deepStrictEqual(
      detector.skipped.map((skip) => skip.feature),
      ["color"],
    );
  });
});
