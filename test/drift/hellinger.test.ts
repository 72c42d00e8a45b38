import * as assert from "assert";
import { hellinger } from "../../transforms/drift/hellinger";
import { assertClose } from "../statistics/assert_close";
import { counts } from "./inputs";

describe("Hellinger distance", () => {
  it("is √(1 − Σ √(p q)), shown by hand", () => {
    // p = (1/2, 1/2), q = (9/10, 1/10): Σ √(p q) = √0.45 + √0.05 = 0.670820 + 0.223607 = 2/√5 = 0.894427,
    // H = √(1 − 0.894427) = 0.324920.
    const result = hellinger(counts([5, 5], [9, 1]));
    assertClose(result.value, Math.sqrt(1 - 2 / Math.sqrt(5)), 1e-15);
    assert.strictEqual(result.value.toFixed(6), "0.324920");
  });

  it("is 1 for disjoint supports and 0 for equal proportions at any sample sizes", () => {
    assert.strictEqual(hellinger(counts([3, 0], [0, 7])).value, 1);
    assert.strictEqual(hellinger(counts([1, 2, 3], [10, 20, 30])).value, 0);
  });
});
