import * as assert from "assert";
import fc from "fast-check";
import { CoMoments } from "../../transforms/statistics/comoments";
import { NumericValue } from "../../transforms/statistics/excluded_values";
import { accumulate, accumulateInParts, throughJson } from "./accumulate";
import { assertClose } from "./assert_close";

/** Anscombe (1973), "Graphs in Statistical Analysis", Table 1: x is shared by sets I–III. */
const ANSCOMBE_X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const ANSCOMBE = {
  I: { x: ANSCOMBE_X, y: [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68] },
  II: { x: ANSCOMBE_X, y: [9.14, 8.14, 8.74, 8.77, 9.26, 8.1, 6.13, 3.1, 9.13, 7.26, 4.74] },
  III: { x: ANSCOMBE_X, y: [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73] },
  IV: {
    x: [8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8],
    y: [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.5, 5.56, 7.91, 6.89],
  },
};

const rows = (x: number[], y: number[]) => x.map((xi, i) => [xi, y[i]]);
const row = (d: number) =>
  fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
      fc.constantFrom(null, NaN),
    ),
    { minLength: d, maxLength: d },
  );

/** Two-pass sample covariance over complete rows: the textbook definition, as an independent reference. */
function twoPassCovariance(data: number[][], i: number, j: number): number {
  const mean = (k: number) => data.reduce((sum, r) => sum + r[k], 0) / data.length;
  const meanI = mean(i);
  const meanJ = mean(j);
  return data.reduce((sum, r) => sum + (r[i] - meanI) * (r[j] - meanJ), 0) / (data.length - 1);
}

describe("co-moments (covariance and correlation)", () => {
  it("gives Anscombe's quartet I its published statistics", () => {
    // Published: mean x 9, mean y 7.50, variance x 11, variance y 4.127, r = 0.816, fit y = 3.00 + 0.500x.
    // By hand: Σ(x − 9)(y − 7.5009) = 55.01, so the covariance is 5.501 (slope 55.01/110 = 0.5001).
    const result = accumulate(() => new CoMoments(["x", "y"]), rows(ANSCOMBE.I.x, ANSCOMBE.I.y)).result();
    assertClose(result.means, [9, 7.500909090909091], 1e-12);
    assertClose(
      result.covariance,
      [
        [11, 5.501],
        [5.501, 4.127269090909091],
      ],
      1e-12,
    );
    assert.strictEqual((result.correlation[0][1] as number).toFixed(3), "0.816");
    assert.deepStrictEqual(result.counts, [
      [11, 11],
      [11, 11],
    ]);
    assert.deepStrictEqual([result.correlation[0][0], result.correlation[1][1]], [1, 1]);
  });

  it("gives all four Anscombe sets r = 0.816, as published", () => {
    for (const [name, set] of Object.entries(ANSCOMBE)) {
      const r = accumulate(() => new CoMoments(["x", "y"]), rows(set.x, set.y)).result()
        .correlation[0][1] as number;
      assert.ok(Math.abs(r - 0.816) < 0.001, `${name}: r = ${r}`);
    }
  });

  it("skips missing and non-finite values pairwise", () => {
    // Pair (a, b) uses rows 1, 2, 4: a = 1, 2, 4 (mean 7/3, variance (16 + 1 + 25)/9/2 = 7/3) and
    // b = 2a, so cov(a, b) = 2·7/3 = 14/3 and r = 1. Pair (a, c) uses rows 2–4: a = 2, 3, 4, c = a − 1,
    // so cov = var = 1. Alone, a has all four rows: mean 2.5, variance 5/3.
    const data: NumericValue[][] = [
      [1, 2, null],
      [2, 4, 1],
      [3, NaN, 2],
      [4, 8, 3],
    ];
    const result = accumulate(() => new CoMoments(["a", "b", "c"]), data).result();
    assert.deepStrictEqual(result.counts, [
      [4, 3, 3],
      [3, 3, 2],
      [3, 2, 3],
    ]);
    assertClose(result.means, [2.5, 14 / 3, 2], 1e-12);
    assertClose(result.covariance[0], [5 / 3, 14 / 3, 1], 1e-12);
    assertClose(
      [result.correlation[0][1], result.correlation[0][2], result.correlation[1][2]],
      [1, 1, 1],
      1e-12,
    );
  });

  it("keeps every digit with a large common offset (1e9 + 4, 7, 13, 16 against itself and its negation)", () => {
    const values = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    const data = values.map((v) => [v, -v]);
    const merged = accumulateInParts(() => new CoMoments(["x", "y"]), CoMoments.fromJSON, [
      data.slice(0, 2),
      data.slice(2),
    ]);
    // Deviations −6, −3, 3, 6: Σ = 90 over n − 1 = 3 gives 30; y = −x gives −30 and r = −1.
    assert.deepStrictEqual(merged.result().covariance, [
      [30, -30],
      [-30, 30],
    ]);
    assert.strictEqual(merged.result().correlation[0][1], -1);
  });

  it("reports null where a statistic is undefined (n < 2, a constant feature)", () => {
    const result = accumulate(
      () => new CoMoments(["x", "constant"]),
      [
        [1, 5],
        [2, 5],
        [3, 5],
      ],
    ).result();
    assert.deepStrictEqual(result.covariance, [
      [1, 0],
      [0, 0],
    ]);
    assert.deepStrictEqual(result.correlation, [
      [1, null],
      [null, null],
    ]);
    const empty = new CoMoments(["x"]).result();
    assert.deepStrictEqual([empty.means, empty.covariance, empty.correlation], [[null], [[null]], [[null]]]);
  });

  it("equals the two-pass covariance on complete rows", () => {
    const completeRow = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), {
      minLength: 3,
      maxLength: 3,
    });
    fc.assert(
      fc.property(fc.array(completeRow, { minLength: 2, maxLength: 40 }), (data) => {
        const covariance = accumulate(() => new CoMoments(["a", "b", "c"]), data).result().covariance;
        const expected = [0, 1, 2].map((i) => [0, 1, 2].map((j) => twoPassCovariance(data, i, j)));
        assertClose(covariance, expected, 1e-9);
      }),
    );
  });

  it("merging partial co-moments equals a single pass", () => {
    const create = () => new CoMoments(["a", "b", "c"]);
    fc.assert(
      fc.property(fc.array(fc.array(row(3), { maxLength: 20 }), { maxLength: 6 }), (parts) => {
        assertClose(
          accumulateInParts(create, CoMoments.fromJSON, parts).result(),
          accumulate(create, parts.flat()).result(),
        );
      }),
    );
  });

  it("round-trips through JSON", () => {
    fc.assert(
      fc.property(fc.array(row(2), { maxLength: 30 }), (data) => {
        const original = accumulate(() => new CoMoments(["a", "b"]), data);
        assertClose(throughJson(original, CoMoments.fromJSON).result(), original.result(), 0);
      }),
    );
  });

  it("refuses rows of the wrong width, different features and malformed JSON", () => {
    assert.throws(() => new CoMoments(["a", "b"]).add([1]), /needs 2 values \(a, b\), got 1/);
    assert.throws(() => new CoMoments(["a", "b"]).merge(new CoMoments(["a", "c"])), /different features/);
    assert.throws(() => CoMoments.fromJSON({ features: ["a", "b"], pairs: [] }), /d\(d\+1\)\/2 pairs/);
  });
});
