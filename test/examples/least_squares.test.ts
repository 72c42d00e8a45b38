import * as assert from "assert";
import * as ss from "simple-statistics";
import { leastSquares } from "../../examples/flights/least_squares";

describe("least squares (flights example model)", () => {
  it("recovers an exact linear relation", () => {
    // y = 1 + 2·x₁ − 3·x₂ at the corners of the unit square, so β = [1, 2, −3] with zero residual.
    const rows = [
      [1, 0, 0],
      [1, 1, 0],
      [1, 0, 1],
      [1, 1, 1],
    ];
    const beta = leastSquares(rows, [1, 3, -2, 0]);
    [1, 2, -3].forEach((expected, i) =>
      assert.ok(Math.abs(beta[i] - expected) < 1e-12, `β${i} = ${beta[i]}`),
    );
  });

  it("matches simple-statistics' linearRegression for one regressor with noise", () => {
    // Points off any line; ss.linearRegression (closed-form slope/intercept) is the reference.
    const points = [
      [0, 1.2],
      [1, 2.9],
      [2, 5.3],
      [3, 6.8],
      [5, 11.5],
    ];
    const reference = ss.linearRegression(points);
    const beta = leastSquares(
      points.map((p) => [1, p[0]]),
      points.map((p) => p[1]),
    );
    assert.ok(Math.abs(beta[0] - reference.b) < 1e-12, `intercept ${beta[0]} vs ${reference.b}`);
    assert.ok(Math.abs(beta[1] - reference.m) < 1e-12, `slope ${beta[1]} vs ${reference.m}`);
    // By hand: x̄ = 2.2, ȳ = 5.54, Sxy = 30.46, Sxx = 14.8, so m = 2.0581 and b = 1.0122 (4 d.p.).
    assert.strictEqual(beta[1].toFixed(4), "2.0581");
    assert.strictEqual(beta[0].toFixed(4), "1.0122");
  });

  it("refuses collinear columns instead of returning nonsense", () => {
    const rows = [
      [1, 2],
      [2, 4],
      [3, 6],
    ];
    assert.throws(() => leastSquares(rows, [1, 2, 3]), /collinear/);
  });
});
