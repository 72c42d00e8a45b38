import * as assert from "assert";
import { chi2 } from "../../transforms/drift/chi2";
import { sketchSample } from "../../transforms/drift/from_accumulators";
import { ks } from "../../transforms/drift/ks";
import { psi } from "../../transforms/drift/psi";
import { KllSketch } from "../../transforms/statistics/quantile_sketch";
import { accumulate } from "../statistics/accumulate";
import { standardNormal, uniformSource } from "../statistics/random_data";
import { counts, exactSample } from "./inputs";

/**
 * Under H0 (window and baseline drawn from one distribution) a test at level
 * α must reject in about a share α of windows. Over R replications the
 * rejection count is Binomial(R, α), with standard deviation √(α(1−α)/R) =
 * 0.0049 for α = 0.05 and R = 2000; the bounds below are ±3 of those (a
 * discrete statistic such as KS's D may sit a little under α, never above).
 * Seeds are fixed, so each run draws the same data.
 */
const REPLICATIONS = 2000;
const ALPHA = 0.05;
const TOLERANCE = 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / REPLICATIONS);

function rejectionRate(seed: number, pValueOfOneReplication: (uniform: () => number) => number): number {
  const uniform = uniformSource(seed);
  let rejections = 0;
  for (let r = 0; r < REPLICATIONS; r++) if (pValueOfOneReplication(uniform) < ALPHA) rejections += 1;
  return rejections / REPLICATIONS;
}

function assertNearNominal(what: string, rate: number): void {
  console.log(`      ${what}: share of p < ${ALPHA} over ${REPLICATIONS} windows = ${rate.toFixed(4)}`);
  assert.ok(
    Math.abs(rate - ALPHA) <= TOLERANCE,
    `${what}: ${rate} is not within ${TOLERANCE.toFixed(4)} of ${ALPHA}`,
  );
}

const normals = (n: number, uniform: () => number) =>
  Array.from({ length: n }, () => standardNormal(uniform));

const CATEGORY_SHARES = [0.3, 0.25, 0.2, 0.15, 0.07, 0.03];
function categoryCounts(n: number, uniform: () => number): number[] {
  const result = CATEGORY_SHARES.map(() => 0);
  for (let i = 0; i < n; i++) {
    let u = uniform();
    let category = 0;
    while (category < CATEGORY_SHARES.length - 1 && u >= CATEGORY_SHARES[category])
      u -= CATEGORY_SHARES[category++];
    result[category] += 1;
  }
  return result;
}

describe("nominal level under no drift", () => {
  it("KS with the exact p-value (baseline 100, window 60) rejects in about 5 % of windows", () => {
    const rate = rejectionRate(101, (uniform) => {
      const result = ks(exactSample(normals(100, uniform)), exactSample(normals(60, uniform)));
      assert.strictEqual(result.method, "exact");
      return result.pValue;
    });
    assertNearNominal("KS exact, 100 vs 60", rate);
  });

  it("KS with the asymptotic p-value (baseline 10,001, window 200) rejects in about 5 % of windows", () => {
    const rate = rejectionRate(102, (uniform) => {
      const result = ks(exactSample(normals(10_001, uniform)), exactSample(normals(200, uniform)));
      assert.strictEqual(result.method, "asymptotic");
      return result.pValue;
    });
    assertNearNominal("KS asymptotic, 10,001 vs 200", rate);
  });

  it("χ² (6 categories, baseline 2000, window 300) rejects in about 5 % of windows", () => {
    const rate = rejectionRate(
      103,
      (uniform) => chi2(counts(categoryCounts(2000, uniform), categoryCounts(300, uniform))).pValue,
    );
    assertNearNominal("chi2, 2000 vs 300", rate);
  });

  it("KS on compacted k = 1000 sketches (4000 vs 3500) rejects in about 5 % of windows, at the observed D", () => {
    const uniform = uniformSource(104);
    let rejections = 0;
    const replications = 300;
    for (let r = 0; r < replications; r++) {
      const baseline = sketchSample(accumulate(() => new KllSketch(1000), normals(4000, uniform)));
      const current = sketchSample(accumulate(() => new KllSketch(1000), normals(3500, uniform)));
      assert.ok(baseline.rankError > 0 && current.rankError > 0, "both compacted");
      if (ks(baseline, current).pValue < ALPHA) rejections += 1;
    }
    const rate = rejections / replications;
    console.log(
      `      KS on k = 1000 sketches: share of p < ${ALPHA} over ${replications} windows = ${rate.toFixed(4)}`,
    );
    const tolerance = 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / replications);
    assert.ok(Math.abs(rate - ALPHA) <= tolerance, `${rate} is not within ${tolerance} of ${ALPHA}`);
  });

  it("PSI averages (k − 1)(1/n_b + 1/n_c) on noise alone, as its χ² approximation predicts", () => {
    const uniform = uniformSource(105);
    let sum = 0;
    for (let r = 0; r < REPLICATIONS; r++) {
      sum += psi(counts(categoryCounts(2000, uniform), categoryCounts(300, uniform))).value;
    }
    const expected = (CATEGORY_SHARES.length - 1) * (1 / 2000 + 1 / 300);
    const mean = sum / REPLICATIONS;
    console.log(
      `      PSI under no drift, 6 categories, 2000 vs 300: mean ${mean.toFixed(5)}, predicted ${expected.toFixed(5)}`,
    );
    assert.ok(Math.abs(mean / expected - 1) < 0.05, `${mean} vs ${expected}`);
  });
});
