import * as assert from "assert";
import { jensenShannon } from "../../transforms/drift/jensen_shannon";
import { assertClose } from "../statistics/assert_close";
import { counts } from "./inputs";

describe("Jensen–Shannon distance (log base 2)", () => {
  it("matches scipy.spatial.distance.jensenshannon's documented examples", () => {
    // jensenshannon([1, 0, 0], [0, 1, 0], 2.0) = 1.0: disjoint supports.
    assert.deepStrictEqual(jensenShannon(counts([1, 0, 0], [0, 1, 0])), { value: 1, divergence: 1 });
    // jensenshannon([1.0, 0.0], [0.5, 0.5]) = 0.46450140402245893 with the natural log;
    // in base 2 the divergence is divided by ln 2, the distance by √(ln 2).
    const result = jensenShannon(counts([1, 0], [1, 1]));
    assertClose(result.value, 0.46450140402245893 / Math.sqrt(Math.LN2), 1e-15);
    // By hand: m = (3/4, 1/4); ½ log₂(4/3) + ½ (½ log₂(2/3) + ½ log₂ 2) = 0.311278 bits.
    assertClose(result.divergence, 0.5 * Math.log2(4 / 3) + 0.25 * Math.log2(2 / 3) + 0.25, 1e-15);
    // jensenshannon([1.0, 0.0, 0.0], [1.0, 0.0, 0.0]) = 0.0
    assert.strictEqual(jensenShannon(counts([1, 0, 0], [1, 0, 0])).value, 0);
  });
});
