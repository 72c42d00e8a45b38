import * as assert from "assert";
import { choleskyFactor, squaredMahalanobisLength } from "../../transforms/outliers/cholesky";
import { assertClose } from "../statistics/assert_close";

describe("outliers: Cholesky factor", () => {
  it("factors the textbook 3 × 3 example exactly", () => {
    // L·Lᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]]: row 2 is (−16, −48 + 5, 64 + 25 + 9) = (−16, −43, 98).
    const matrix = [
      [4, 12, -16],
      [12, 37, -43],
      [-16, -43, 98],
    ];
    assert.deepStrictEqual(choleskyFactor(matrix, 1e-10), [
      [2, 0, 0],
      [6, 1, 0],
      [-8, 5, 3],
    ]);
  });

  it("refuses a singular matrix, a negative definite one, and a pivot at or below the relative tolerance", () => {
    // Second column = 2 × first: the second pivot is 4 − 2² = 0.
    assert.strictEqual(
      choleskyFactor(
        [
          [1, 2],
          [2, 4],
        ],
        0,
      ),
      undefined,
    );
    assert.strictEqual(choleskyFactor([[-1]], 0), undefined);
    // Second pivot 4.0004 − 2² = 0.0004 ≈ 1e-4 × A₁₁: refused at tolerance 1e-3, kept at 1e-5.
    const nearlySingular = [
      [1, 2],
      [2, 4.0004],
    ];
    assert.strictEqual(choleskyFactor(nearlySingular, 1e-3), undefined);
    assert.notStrictEqual(choleskyFactor(nearlySingular, 1e-5), undefined);
  });

  it("gives vᵀ·A⁻¹·v from the factor, as the explicit inverse does", () => {
    // A = [[4, 2], [2, 3]], det 8, A⁻¹ = [[3/8, −1/4], [−1/4, 1/2]];
    // v = (4, −2): 3/8·16 + 2·(−1/4)·(−8) + 1/2·4 = 6 + 4 + 2 = 12.
    const factor = choleskyFactor(
      [
        [4, 2],
        [2, 3],
      ],
      0,
    );
    assert.ok(factor !== undefined);
    assertClose(squaredMahalanobisLength(factor, [4, -2]), 12, 1e-14);
    assertClose(squaredMahalanobisLength(factor, [2, 3]), 3, 1e-14); // 3/8·4 − 1/2·6 + 1/2·9 = 1.5 − 3 + 4.5
  });
});
