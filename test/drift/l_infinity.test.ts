import * as assert from "assert";
import { alignCategories } from "../../transforms/drift/distributions";
import { lInfinity } from "../../transforms/drift/l_infinity";
import { assertClose } from "../statistics/assert_close";
import { categories } from "./inputs";

describe("L-infinity distance", () => {
  it("is the largest change of one category's share, and names that category", () => {
    // Baseline a 50 %, b 30 %, c 20 %; current a 40 %, b 25 %, c 15 %, new 20 %:
    // |Δ| = 0.10, 0.05, 0.05, 0.20, so L∞ = 0.20 at the category the baseline never saw.
    const aligned = alignCategories(
      categories({ a: 50, b: 30, c: 20 }),
      categories({ a: 8, b: 5, c: 3, new: 4 }),
    );
    const result = lInfinity(aligned);
    assertClose(result.value, 0.2, 1e-15);
    assert.strictEqual(result.outcome, "new");
  });

  it("is 0 for equal shares at different sample sizes", () => {
    assert.strictEqual(
      lInfinity(alignCategories(categories({ a: 1, b: 3 }), categories({ a: 10, b: 30 }))).value,
      0,
    );
  });
});
