import * as assert from "assert";
import { SpecError, validateSpec } from "../../../pipelines/spec/load_spec";
import type { BaselineProfile } from "../../../transforms/baseline/baseline_profile";
import { CategoryFrequencies, Histogram, Moments } from "../../../transforms/statistics";
import { StatisticsPlanError, statisticsPlan } from "../../../transforms/statistics/statistics_plan";

const DOCUMENT = {
  model: "loans",
  features: [
    { name: "income", type: "numerical" },
    { name: "age", type: "numerical" },
    { name: "region", type: "categorical" },
  ],
  prediction: { name: "score", type: "numerical" },
  input: { format: "json" },
  source: { kind: "file", path: "log.jsonl" },
  window: { size: "15s" },
};

const spec = (statistics?: Record<string, unknown>, document: Record<string, unknown> = DOCUMENT) =>
  validateSpec(statistics === undefined ? document : { ...document, statistics }, "spec.yaml", "/specs");

/** The spec problems, as `field path: message`. */
function problems(
  statistics: Record<string, unknown>,
  document: Record<string, unknown> = DOCUMENT,
): string[] {
  try {
    spec(statistics, document);
  } catch (error) {
    if (error instanceof SpecError) return error.problems.map((p) => `${p.fieldPath}: ${p.message}`);
    throw error;
  }
  return [];
}

/** A baseline covering `income` (edges 0, 50k, 100k) and `region`. */
const BASELINE: BaselineProfile = {
  model: "loans",
  createdAt: "2026-01-01T00:00:00.000Z",
  source: { data: "training.csv", rows: 0, badRows: 0 },
  features: {
    income: {
      type: "numerical",
      moments: new Moments(),
      histogram: new Histogram([0, 50e3, 100e3]),
      edgesRule: "test",
    },
    region: { type: "categorical", frequencies: new CategoryFrequencies() },
  },
};

describe("the statistics section of the spec, and the plan made from it", () => {
  it("defaults to computing everything", () => {
    assert.deepStrictEqual(spec().statistics, {
      quantiles: [0.05, 0.25, 0.5, 0.75, 0.95],
      quantileSketchK: 1000,
      exactQuantilesUpTo: 4096,
      histogram: true,
      histogramEdges: {},
      topK: 10,
      frequencies: true,
      categoryCapacity: 1000,
      distinct: true,
      distinctPrecision: 12,
      correlation: true,
    });
  });

  it("plans every feature and the prediction, with histogram edges from the baseline, else the spec, else none", () => {
    const plan = statisticsPlan(spec({ histogramEdges: { age: [18, 30, 65] } }), BASELINE);
    assert.deepStrictEqual(plan, {
      features: ["income", "age", "region"],
      prediction: "score",
      plans: {
        income: {
          type: "numerical",
          quantiles: [0.05, 0.25, 0.5, 0.75, 0.95],
          quantileSketchK: 1000,
          exactQuantilesUpTo: 4096,
          histogram: { edges: [0, 50e3, 100e3], edgesFrom: "baseline" },
        },
        age: {
          type: "numerical",
          quantiles: [0.05, 0.25, 0.5, 0.75, 0.95],
          quantileSketchK: 1000,
          exactQuantilesUpTo: 4096,
          histogram: { edges: [18, 30, 65], edgesFrom: "spec" },
        },
        region: {
          type: "categorical",
          categoryCapacity: 1000,
          topK: 10,
          frequencies: true,
          distinctPrecision: 12,
        },
        score: {
          type: "numerical",
          quantiles: [0.05, 0.25, 0.5, 0.75, 0.95],
          quantileSketchK: 1000,
          exactQuantilesUpTo: 4096,
          histogram: null,
        },
      },
      // The numerical features, not the prediction.
      correlation: ["income", "age"],
    });
  });

  it("turns off what the section turns off", () => {
    const plan = statisticsPlan(
      spec({
        quantiles: [],
        quantileSketchK: 64,
        histogram: false,
        distinct: false,
        frequencies: false,
        topK: 3,
      }),
      BASELINE,
    );
    assert.deepStrictEqual(plan.plans.income, {
      type: "numerical",
      quantiles: [],
      quantileSketchK: 64,
      exactQuantilesUpTo: 4096,
      histogram: undefined,
    });
    assert.deepStrictEqual(plan.plans.region, {
      type: "categorical",
      categoryCapacity: 1000,
      topK: 3,
      frequencies: false,
      distinctPrecision: undefined,
    });
    assert.deepStrictEqual(statisticsPlan(spec({ correlation: false })).correlation, []);
    const oneNumerical = { ...DOCUMENT, features: DOCUMENT.features.filter((f) => f.name !== "age") };
    assert.deepStrictEqual(statisticsPlan(spec({}, oneNumerical)).correlation, []);
  });

  it("rejects settings that would silently mean something else, naming the field", () => {
    assert.deepStrictEqual(problems({ histogramEdges: { region: [0, 1], incme: [0, 1] } }), [
      'statistics.histogramEdges.region: "region" is not a numerical feature or prediction of this spec',
      'statistics.histogramEdges.incme: "incme" is not a numerical feature or prediction of this spec',
    ]);
    assert.deepStrictEqual(problems({ histogramEdges: { age: [30, 18] } }), [
      "statistics.histogramEdges.age: histogram edges must be strictly increasing",
    ]);
    assert.deepStrictEqual(problems({ quantiles: [0.5, 0.5] }), [
      "statistics.quantiles: quantile levels must be unique",
    ]);
    assert.deepStrictEqual(problems({ quantiles: [1.5] }).length, 1);
    assert.deepStrictEqual(problems({ topk: 3 }), ["statistics.topk: unknown field"]);
    assert.deepStrictEqual(problems({}, { ...DOCUMENT, prediction: { name: "age", type: "numerical" } }), [
      "prediction.name: the prediction's name \"age\" is also a feature's name",
    ]);
  });

  it("refuses a baseline that types a feature differently from the spec", () => {
    const categoricalAge: BaselineProfile = {
      ...BASELINE,
      features: { age: { type: "categorical", frequencies: new CategoryFrequencies() } },
    };
    assert.throws(
      () => statisticsPlan(spec(), categoricalAge),
      (error: unknown) =>
        error instanceof StatisticsPlanError &&
        error.message === 'feature "age" is numerical in the spec but categorical in the baseline profile',
    );
  });
});
