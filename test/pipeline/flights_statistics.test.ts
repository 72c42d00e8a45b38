import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runMonitor } from "../../runners/run_monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { loadBaselineProfile } from "../../transforms/baseline/baseline_profile";
import { COLUMNS, PREDICTION, loggedValues } from "../support/flights_log_values";
import { latestPanes } from "../support/latest_panes";
import type {
  FeatureStatisticsRecord,
  StatisticsRecord,
} from "../../transforms/statistics/beam/statistics_record";

const EXAMPLE = path.resolve(__dirname, "../../../examples/flights");
describe("the flights example's statistics", function () {
  this.timeout(30_000);
  const spec = loadSpec(path.join(EXAMPLE, "monitor.yaml"));
  const logged = loggedValues();
  /** The latest pane of each feature and window: what a consumer keeps. */
  let finals: StatisticsRecord[] = [];

  before(async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "flights-statistics-"));
    await runMonitor({ ...spec, sinks: [{ kind: "file", dir: outDir }] }, "direct");
    finals = fs
      .readFileSync(path.join(outDir, "statistics.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as StatisticsRecord);
    finals = [...latestPanes(finals).values()];
    // With allowed lateness covering the log's disorder, every window's latest pane is its final one.
    assert.ok(finals.every((record) => record.pane.final));
  });

  const finalOf = (feature: string) =>
    new Map(
      finals
        .filter((record): record is FeatureStatisticsRecord => record.feature === feature)
        .map((record) => [Date.parse(record.window.start), record]),
    );

  it("reads a log of 2,379 requests with 5,964 instances and as many predictions", () => {
    const total = (feature: string) =>
      [...logged.values.get(feature)!.values()].reduce((n, v) => n + v.length, 0);
    assert.strictEqual(logged.requests, 2379);
    assert.deepStrictEqual([...COLUMNS, PREDICTION].map(total), [5964, 5964, 5964, 5964, 5964, 5964]);
  });

  it("has exactly one final record per feature and window with data, counting every instance", () => {
    for (const feature of [...COLUMNS, PREDICTION]) {
      const expected = logged.values.get(feature)!;
      const records = finalOf(feature);
      assert.strictEqual(
        finals.filter((record) => record.feature === feature).length,
        records.size,
        `${feature}: two final panes for one window`,
      );
      assert.deepStrictEqual([...records.keys()].sort(), [...expected.keys()].sort(), feature);
      for (const [windowStartMs, values] of expected) {
        const record = records.get(windowStartMs)!;
        assert.strictEqual(record.count + record.missing, values.length, `${feature} ${windowStartMs}`);
      }
    }
  });

  it("gives numerical features, and the prediction, complete statistics that match the log", () => {
    const baseline = spec.baseline === undefined ? undefined : loadBaselineProfile(spec.baseline);
    for (const feature of ["distance", "departure_hour", "delay", PREDICTION]) {
      for (const [windowStartMs, values] of logged.values.get(feature)!) {
        const record = finalOf(feature).get(windowStartMs)!;
        assert.strictEqual(record.type, "numerical");
        if (record.type !== "numerical") continue;
        const numbers = values as number[];
        const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
        const where = `${feature} ${new Date(windowStartMs).toISOString()}`;
        assert.strictEqual(record.role, feature === PREDICTION ? "prediction" : "feature");
        assert.ok(Math.abs(record.mean! - mean) <= 1e-9 * Math.max(1, Math.abs(mean)), `${where}: mean`);
        assert.deepStrictEqual([record.min, record.max], [Math.min(...numbers), Math.max(...numbers)], where);
        // Sample standard deviation by the two-pass textbook formula: √(Σ(x − x̄)² / (n − 1)).
        const stddev = Math.sqrt(numbers.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (numbers.length - 1));
        assert.ok(Math.abs(record.stddev! - stddev) <= 1e-9 * Math.max(1, stddev), `${where}: stddev`);
        assert.deepStrictEqual(
          Object.keys(record.quantiles!),
          ["0.05", "0.25", "0.5", "0.75", "0.95"],
          where,
        );
        // Each quantile q from the KLL sketch (k = 200) is a logged value whose rank in the sorted values
        // is within DataSketches' single-sided rank error for k = 200, 1.33 %, of q·n.
        const sorted = [...numbers].sort((a, b) => a - b);
        for (const [q, value] of Object.entries(record.quantiles!)) {
          const below = sorted.filter((x) => x < value!).length / sorted.length;
          const atOrBelow = sorted.filter((x) => x <= value!).length / sorted.length;
          assert.ok(sorted.includes(value!), `${where}: quantile ${q} = ${value} is not a logged value`);
          assert.ok(
            below <= Number(q) + 0.0133 && atOrBelow >= Number(q) - 0.0133,
            `${where}: quantile ${q} = ${value} has rank ${below}–${atOrBelow}`,
          );
        }
        assert.strictEqual(record.iqr, record.quantiles!["0.75"]! - record.quantiles!["0.25"]!, where);
        // Histogram edges come only from the baseline here (the spec sets no statistics.histogramEdges).
        const profiled = baseline?.features[feature];
        if (profiled?.type === "numerical") {
          const histogram = record.histogram!;
          assert.deepStrictEqual(histogram.edges, profiled.histogram.result().edges, where);
          // Bins [e_i, e_i+1), the last one closed; below e_0 underflow, above e_m overflow — counted here.
          const edges = histogram.edges;
          const last = edges.length - 1;
          const counts = edges
            .slice(1)
            .map(
              (_, i) =>
                numbers.filter(
                  (x) => x >= edges[i] && (i + 1 === last ? x <= edges[i + 1] : x < edges[i + 1]),
                ).length,
            );
          assert.deepStrictEqual(
            [histogram.counts, histogram.underflow, histogram.overflow],
            [
              counts,
              numbers.filter((x) => x < edges[0]).length,
              numbers.filter((x) => x > edges[last]).length,
            ],
            where,
          );
        } else {
          assert.strictEqual(record.histogram, null, where);
        }
      }
    }
  });

  it("gives categorical features exact frequencies, top K and distinct counts that match the log", () => {
    for (const feature of ["origin", "destination"]) {
      for (const [windowStartMs, values] of logged.values.get(feature)!) {
        const record = finalOf(feature).get(windowStartMs)!;
        assert.strictEqual(record.type, "categorical");
        if (record.type !== "categorical") continue;
        const tally: Record<string, number> = {};
        for (const value of values as string[]) tally[value] = (tally[value] ?? 0) + 1;
        const where = `${feature} ${new Date(windowStartMs).toISOString()}`;
        assert.deepStrictEqual(record.frequencies, tally, where);
        assert.deepStrictEqual([record.frequenciesExact, record.maxUndercount], [true, 0], where);
        assert.strictEqual(record.distinct, Object.keys(tally).length, where);
        // The 10 most frequent, in descending count, each with its tallied count (ties in any order).
        const topCounts = Object.values(tally)
          .sort((a, b) => b - a)
          .slice(0, 10);
        assert.deepStrictEqual(
          record.topK.map((entry) => entry.count),
          topCounts,
          where,
        );
        for (const entry of record.topK)
          assert.strictEqual(entry.count, tally[entry.value], `${where} ${entry.value}`);
      }
    }
  });

  it("gives one correlation record per window over the three numerical features", () => {
    const correlations = finals.filter((record) => record.type === "correlation");
    assert.deepStrictEqual(
      correlations.map((record) => Date.parse(record.window.start)).sort(),
      [...logged.values.get("distance")!.keys()].sort(),
    );
    for (const record of correlations) {
      if (record.type !== "correlation") continue;
      assert.deepStrictEqual(record.correlation.features, ["distance", "departure_hour", "delay"]);
      const n = finalOf("distance").get(Date.parse(record.window.start))!.count;
      assert.deepStrictEqual(record.correlation.counts, [
        [n, n, n],
        [n, n, n],
        [n, n, n],
      ]);
    }
  });
});
