import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { eventTimeDirectRunner } from "../../../runners/direct/event_time_direct_runner";
import { baselineProfileToJson } from "../../../transforms/baseline/baseline_profile";
import type {
  CorrelationRecord,
  FeatureStatisticsRecord,
  StatisticsRecord,
} from "../../../transforms/statistics/beam/statistics_record";
import { Histogram, KllSketch, Moments } from "../../../transforms/statistics";
import { statisticsOf, temporaryDirectory, testSpec, writeJsonLines } from "./statistics_run";

/** A flight as a plain JSON event: three features and the prediction `delay` (input format json, part "both"). */
const flight = (
  timestampMs: number,
  distance: number | null,
  hour: number,
  origin: string | null,
  delay: number,
) => ({
  event: { distance, hour, origin, delay },
  timestampMs,
});

// Window [0 s, 60 s): three flights, then a fourth that arrives after the on-time pane (late, within the
// 10 s allowed lateness: the watermark is 61 s, the window expires once it passes 59.999 s + 10 s).
// Window [60 s, 120 s): two flights.
const SCRIPT = [
  flight(1_000, 100, 8, "A", 5),
  flight(20_000, 300, 10, "B", -5),
  flight(40_000, null, 12, "A", 10),
  { processingTimeMs: 1 },
  flight(61_000, 200, 9, "C", 0),
  { processingTimeMs: 2 },
  flight(50_000, 500, 14, "B", 20),
  { processingTimeMs: 3 },
  flight(100_000, 400, 16, null, 2),
];

const SPEC = {
  model: "flights",
  features: [
    { name: "distance", type: "numerical" },
    { name: "hour", type: "numerical" },
    { name: "origin", type: "categorical" },
  ],
  prediction: { name: "delay", type: "numerical" },
  input: { format: "json" },
  window: { size: "60s", allowedLateness: "10s" },
  statistics: { quantiles: [0.25, 0.5, 0.75], histogramEdges: { hour: [0, 12, 24] } },
};

/** A baseline profile whose `distance` histogram has edges 0, 250, 500; it covers no other feature. */
function writeBaseline(dir: string): string {
  const file = path.join(dir, "baseline.json");
  const histogram = new Histogram([0, 250, 500]);
  const profile = {
    model: "flights",
    createdAt: "2026-01-01T00:00:00.000Z",
    source: { data: "test", rows: 0, badRows: 0 },
    features: {
      distance: {
        type: "numerical" as const,
        moments: new Moments(),
        quantiles: new KllSketch(),
        histogram,
        edgesRule: "test",
      },
    },
  };
  fs.writeFileSync(file, JSON.stringify(baselineProfileToJson(profile)));
  return file;
}

const window = (startS: number) => ({
  start: new Date(startS * 1000).toISOString(),
  end: new Date((startS + 60) * 1000).toISOString(),
});

const WITHOUT_TIME = (record: StatisticsRecord) => {
  const { emittedAt: _emittedAt, ...rest } = record;
  return rest;
};

describe("windowedStatistics in the monitoring pipeline, on a scripted stream", () => {
  let records: StatisticsRecord[] = [];
  const find = (feature: string, startS: number, paneIndex: number) => {
    const found = records.find(
      (r) => r.feature === feature && r.window.start === window(startS).start && r.pane.index === paneIndex,
    );
    assert.ok(found, `no record for ${feature}, window ${startS} s, pane ${paneIndex}`);
    return WITHOUT_TIME(found);
  };

  before(async () => {
    const dir = temporaryDirectory();
    const spec = testSpec(
      { ...SPEC, source: { kind: "testStream", path: writeJsonLines("flights.jsonl", SCRIPT) } },
      dir,
    );
    spec.baseline = writeBaseline(dir);
    records = await statisticsOf(spec, eventTimeDirectRunner());
  });

  it("emits per window an on-time pane, then a pane per late flight and a closing final pane", () => {
    const panes = (startS: number) =>
      records
        .filter((r) => r.feature === "distance" && r.window.start === window(startS).start)
        .map((r) => `${r.pane.timing} ${r.pane.index}${r.pane.final ? " final" : ""}`);
    assert.deepStrictEqual(panes(0), ["ON_TIME 0", "LATE 1", "LATE 2 final"]);
    assert.deepStrictEqual(panes(60), ["ON_TIME 0", "LATE 1 final"]);
    // 4 features (the prediction included) + 1 correlation record, per pane: 5 · (3 + 2).
    assert.strictEqual(records.length, 25);
  });

  it("reports a numerical feature's statistics and its histogram on the baseline's edges", () => {
    // Complete window [0, 60 s): distances 100, 300, 500 and one missing. Mean 300, deviations −200, 0, 200:
    // Σ(x − x̄)² = 80000, sample stddev √(80000 / 2) = 200. Nearest rank of 3 values: ⌈0.25·3⌉ = 1st,
    // ⌈0.5·3⌉ = 2nd, ⌈0.75·3⌉ = 3rd. Bins [0, 250): 100; [250, 500]: 300, 500.
    assert.deepStrictEqual(find("distance", 0, 2), {
      kind: "statistics",
      model: "flights",
      feature: "distance",
      role: "feature",
      window: window(0),
      pane: { timing: "LATE", index: 2, final: true },
      type: "numerical",
      count: 3,
      missing: 1,
      sum: 900,
      mean: 300,
      stddev: 200,
      min: 100,
      max: 500,
      quantiles: { "0.25": 100, "0.5": 300, "0.75": 500 },
      iqr: 400,
      quantileRankError: 0,
      histogram: { edges: [0, 250, 500], counts: [1, 2], underflow: 0, overflow: 0, edgesFrom: "baseline" },
    });
    // The on-time pane had only 100 and 300 (the 500 came late): mean 200, stddev √(2·100² / 1).
    const onTime = find("distance", 0, 0) as FeatureStatisticsRecord & { type: "numerical" };
    assert.deepStrictEqual(
      [onTime.pane.timing, onTime.count, onTime.missing, onTime.mean, onTime.stddev],
      ["ON_TIME", 2, 1, 200, Math.sqrt(20000)],
    );
  });

  it("takes histogram edges from the spec for features the baseline lacks, else reports histogram: null", () => {
    // Hours 8, 10, 12, 14 on [0, 12), [12, 24]: 2 and 2.
    const hour = find("hour", 0, 2) as FeatureStatisticsRecord & { type: "numerical" };
    assert.deepStrictEqual(hour.histogram, {
      edges: [0, 12, 24],
      counts: [2, 2],
      underflow: 0,
      overflow: 0,
      edgesFrom: "spec",
    });
    const delay = find("delay", 0, 2) as FeatureStatisticsRecord & { type: "numerical" };
    assert.strictEqual(delay.histogram, null);
  });

  it("reports the prediction like a feature, with role prediction", () => {
    // Predicted delays 5, −5, 10, 20: sum 30, mean 7.5, Σ(x − 7.5)² = 6.25 + 156.25 + 6.25 + 156.25 = 325.
    const delay = find("delay", 0, 2) as FeatureStatisticsRecord & { type: "numerical" };
    assert.deepStrictEqual(
      [delay.role, delay.count, delay.missing, delay.sum, delay.mean, delay.stddev, delay.min, delay.max],
      ["prediction", 4, 0, 30, 7.5, Math.sqrt(325 / 3), -5, 20],
    );
  });

  it("reports a categorical feature's counts, top K and distinct values", () => {
    assert.deepStrictEqual(find("origin", 0, 2), {
      kind: "statistics",
      model: "flights",
      feature: "origin",
      role: "feature",
      window: window(0),
      pane: { timing: "LATE", index: 2, final: true },
      type: "categorical",
      count: 4,
      missing: 0,
      topK: [
        { value: "A", count: 2 },
        { value: "B", count: 2 },
      ],
      frequenciesExact: true,
      maxUndercount: 0,
      distinct: 2,
      distinctRelativeStandardError: 0,
      frequencies: { A: 2, B: 2 },
    });
    const second = find("origin", 60, 1) as FeatureStatisticsRecord & { type: "categorical" };
    assert.deepStrictEqual([second.count, second.missing, second.frequencies], [1, 1, { C: 1 }]);
  });

  it("reports one correlation record per window pane over the numerical features", () => {
    const record = find("*", 0, 2) as CorrelationRecord;
    // Pairs where both are present: (100, 8), (300, 10), (500, 14). x̄ = 300, ȳ = 32/3;
    // Σ dx·dy = (−200)(−8/3) + 0 + 200·(10/3) = 1200, Σ dx² = 80000, Σ dy² = (64 + 4 + 100)/9 = 56/3.
    // Hour alone: 8, 10, 12, 14, mean 11, Σ(y − 11)² = 20, variance 20/3.
    assert.strictEqual(record.type, "correlation");
    assert.deepStrictEqual(record.correlation.features, ["distance", "hour"]);
    assert.deepStrictEqual(record.correlation.counts, [
      [3, 3],
      [3, 4],
    ]);
    const r = 1200 / Math.sqrt(80000 * (56 / 3));
    // (Indexing, not array destructuring: ts-closure-transform keeps only the first destructured name.)
    const pearson = record.correlation.pearson as number[][];
    assert.deepStrictEqual([pearson[0][0], pearson[1][1]], [1, 1]);
    assert.ok(
      Math.abs(pearson[0][1] - r) < 1e-12 && pearson[1][0] === pearson[0][1],
      `pearson ${pearson[0][1]} ≠ ${r}`,
    );
    const covariance = record.correlation.covariance as number[][];
    assert.ok(Math.abs(covariance[0][0] - 40000) < 1e-9, `cov(distance, distance) ${covariance[0][0]}`);
    assert.ok(Math.abs(covariance[0][1] - 600) < 1e-9, `cov(distance, hour) ${covariance[0][1]}`);
    assert.ok(Math.abs(covariance[1][1] - 20 / 3) < 1e-12, `cov(hour, hour) ${covariance[1][1]}`);
  });

  it("leaves out what the spec's statistics section turns off", async () => {
    const spec = testSpec({
      ...SPEC,
      source: { kind: "testStream", path: writeJsonLines("flights.jsonl", SCRIPT) },
      statistics: {
        quantiles: [],
        histogram: false,
        topK: 1,
        frequencies: false,
        distinct: false,
        correlation: false,
      },
    });
    const finals = (await statisticsOf(spec, eventTimeDirectRunner())).filter((r) => r.pane.final);
    assert.deepStrictEqual(finals.map((r) => r.feature).sort(), [
      "delay",
      "delay",
      "distance",
      "distance",
      "hour",
      "hour",
      "origin",
      "origin",
    ]);
    const distance = WITHOUT_TIME(finals.find((r) => r.feature === "distance")!);
    assert.deepStrictEqual(Object.keys(distance), [
      "kind",
      "model",
      "feature",
      "role",
      "window",
      "pane",
      "type",
      "count",
      "missing",
      "sum",
      "mean",
      "stddev",
      "min",
      "max",
    ]);
    const origin = finals.find((r) => r.feature === "origin") as FeatureStatisticsRecord & {
      type: "categorical";
    };
    assert.deepStrictEqual(
      [origin.topK, origin.frequencies, origin.distinct],
      [[{ value: "A", count: 2 }], undefined, undefined],
    );
  });
});
