import * as assert from "assert";
import * as path from "path";
import * as ss from "simple-statistics";
import { loadBaselineProfile, NumericalBaseline } from "../../transforms/baseline/baseline_profile";
import { kllNormalizedRankError } from "../../transforms/statistics";
import { partitionPoint } from "../../transforms/statistics/partition_point";
import { assertClose } from "../statistics/assert_close";
import {
  FLIGHTS_SPEC,
  FLIGHTS_TRAINING,
  flightsTrainingColumns,
  modelMonitor,
  temporaryDir,
} from "./baseline_cli";

const NUMERICAL = ["distance", "departure_hour", "delay", "predicted_delay"];
const CATEGORICAL = ["origin", "destination"];

describe("model-monitor baseline on the flights training data", () => {
  const out = path.join(temporaryDir(), "baseline.json");
  const columns = flightsTrainingColumns();
  const numbers = (name: string) => columns[name].map(Number);
  let run: ReturnType<typeof modelMonitor>;
  before(() => {
    run = modelMonitor("baseline", FLIGHTS_SPEC, "--data", FLIGHTS_TRAINING, "--out", out);
  });

  it("exits 0, says what it wrote, and records the source", () => {
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stderr, /wrote .*baseline\.json: 6937 rows, 0 bad; distance \(numerical\)/);
    const profile = loadBaselineProfile(out);
    assert.strictEqual(profile.model, "flight-delay");
    assert.deepStrictEqual(profile.source, {
      data: path.relative(path.dirname(out), FLIGHTS_TRAINING),
      rows: 6937,
      badRows: 0,
    });
    assert.deepStrictEqual(Object.keys(profile.features), [
      "distance",
      "departure_hour",
      "delay",
      "origin",
      "destination",
      "predicted_delay",
    ]);
  });

  it("has the mean, sample stddev, min and max simple-statistics computes, to 1e-9", () => {
    const profile = loadBaselineProfile(out);
    for (const name of NUMERICAL) {
      const feature = profile.features[name] as NumericalBaseline;
      const moments = feature.moments.result();
      const values = numbers(name);
      assert.strictEqual(moments.count, 6937, name);
      assertClose(moments.mean, ss.mean(values), 1e-9, `${name}.mean`);
      assertClose(moments.sampleStddev, ss.sampleStandardDeviation(values), 1e-9, `${name}.sampleStddev`);
      assert.strictEqual(moments.min, ss.min(values), `${name}.min`);
      assert.strictEqual(moments.max, ss.max(values), `${name}.max`);
    }
  });

  it("has quantiles within the KLL sketch's rank error of the exact ranks", () => {
    const profile = loadBaselineProfile(out);
    for (const name of NUMERICAL) {
      const sketch = (profile.features[name] as NumericalBaseline).quantiles;
      assert.ok(sketch, name);
      const epsilon = kllNormalizedRankError(sketch.k);
      const sorted = Float64Array.from(numbers(name)).sort();
      const n = sorted.length;
      for (let i = 1; i < 100; i++) {
        const q = i / 100;
        const answer = sketch.quantile(q) as number;
        // The answer's true rank range is [#(x < answer)/n, #(x ≤ answer)/n]; q must be within ε of it.
        const below = partitionPoint(sorted, (x) => x < answer) / n;
        const atOrBelow = partitionPoint(sorted, (x) => x <= answer) / n;
        assert.ok(
          below - q <= epsilon && q - atOrBelow <= epsilon,
          `${name} q=${q}: rank [${below}, ${atOrBelow}]`,
        );
      }
    }
  });

  it("counts each value in its quantile-edged bin exactly", () => {
    const profile = loadBaselineProfile(out);
    for (const name of NUMERICAL) {
      const feature = profile.features[name] as NumericalBaseline;
      const histogram = feature.histogram.result();
      assert.strictEqual(feature.edgesRule, "quantile, 10 bins", name);
      assert.strictEqual(histogram.edges[0], ss.min(numbers(name)));
      assert.strictEqual(histogram.edges[10], ss.max(numbers(name)));
      // Bins [e_i, e_i+1), the last one closed: counted here by filtering the raw values.
      const expected = histogram.edges.slice(0, -1).map((lower, i) => {
        const upper = histogram.edges[i + 1];
        return numbers(name).filter((x) => x >= lower && (i === 9 ? x <= upper : x < upper)).length;
      });
      assert.deepStrictEqual(histogram.counts, expected, name);
      assert.strictEqual(histogram.underflow + histogram.overflow, 0);
    }
  });

  it("has exact category counts", () => {
    const profile = loadBaselineProfile(out);
    for (const name of CATEGORICAL) {
      const feature = profile.features[name];
      assert.ok(feature.type === "categorical");
      const expected: Record<string, number> = {};
      for (const category of columns[name]) expected[category] = (expected[category] ?? 0) + 1;
      const result = feature.frequencies.result();
      assert.strictEqual(result.exact, true);
      assert.deepStrictEqual(result.frequencies, expected);
      // HyperLogLog at precision 12: within 3 standard errors (3 · 1.6 %) of the true distinct count.
      const distinct = feature.distinct?.result().estimate as number;
      assert.ok(Math.abs(distinct - Object.keys(expected).length) <= 0.05 * Object.keys(expected).length);
    }
  });

  it("holds the covariance and correlation of the numerical features", () => {
    const profile = loadBaselineProfile(out);
    const coMoments = profile.coMoments?.result();
    assert.ok(coMoments);
    assert.deepStrictEqual(coMoments.features, NUMERICAL);
    NUMERICAL.forEach((a, i) =>
      NUMERICAL.forEach((b, j) => {
        assertClose(
          coMoments.covariance[i][j],
          ss.sampleCovariance(numbers(a), numbers(b)),
          1e-9,
          `cov(${a}, ${b})`,
        );
        assertClose(
          coMoments.correlation[i][j],
          ss.sampleCorrelation(numbers(a), numbers(b)),
          1e-9,
          `r(${a}, ${b})`,
        );
      }),
    );
  });
});
