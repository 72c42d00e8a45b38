// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import { directRunner } from "apache-beam/runners/direct_runner";
import type { Runner } from "apache-beam/runners/runner";
import { requireForSerialization } from "apache-beam/serialization";
import type { CombineFn } from "apache-beam/transforms/group_and_combine";
import { combinePerKey } from "apache-beam/transforms/internal";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { MonitorSpec } from "../../../pipelines/spec/schema";
import { eventTimeDirectRunner } from "../../../runners/direct/event_time_direct_runner";
import { windowingFor } from "../../../transforms/windowing/spec_windowing";
import { readInferenceLog } from "../../../transforms/io/read_inference_log";
import { assignEventTime } from "../../../transforms/parse/assign_event_time";
import type { InferenceRecord } from "../../../transforms/parse/inference_record";
import { parseInferenceLog } from "../../../transforms/parse/parse_inference_log";
import * as statistics from "../../../transforms/statistics";
import { accumulatorCombineFn } from "../../../transforms/statistics/beam/accumulator_combine_fn";
import { featureObservations } from "../../../transforms/statistics/beam/feature_values";
import type { StatisticsRecord } from "../../../transforms/statistics/beam/statistics_record";
import { statisticsPlan } from "../../../transforms/statistics/statistics_plan";
import { assertClose } from "../assert_close";
import { uniformSource } from "../random_data";
import { statisticsOf, temporaryDirectory, testSpec, writeJsonLines } from "./statistics_run";

// The spied CombineFn below runs on deserialized copies and logs through fs; the accumulator classes travel by module.
requireForSerialization("fs", fs);
requireForSerialization("beam-model-monitor/transforms/statistics", statistics);

const WINDOW_MS = 60_000;
const AIRPORTS = ["ATL", "BOS", "DFW", "LAX", "ORD", "SFO"];

/** 150 flights in two 60 s windows (90, then 60), in order, ~10 % of values missing; seeded. */
function flights(): { event: Record<string, unknown>; timestampMs: number }[] {
  const uniform = uniformSource(20260301);
  const maybe = <T>(value: T) => (uniform() < 0.1 ? null : value);
  return Array.from({ length: 150 }, (_, i) => ({
    event: {
      distance: maybe(Math.round(100 + 2400 * uniform())),
      hour: maybe(Math.floor(24 * uniform())),
      origin: maybe(AIRPORTS[Math.floor(AIRPORTS.length * uniform())]),
      delay: Math.round(-20 + 80 * uniform() * uniform()),
    },
    timestampMs: i < 90 ? i * 600 : WINDOW_MS + (i - 90) * 900,
  }));
}

const SPEC = {
  model: "flights",
  features: [
    { name: "distance", type: "numerical" },
    { name: "hour", type: "numerical" },
    { name: "origin", type: "categorical" },
  ],
  prediction: { name: "delay", type: "numerical" },
  input: { format: "json" },
  window: { size: "60s" },
  statistics: { histogramEdges: { distance: [0, 500, 1000, 2000, 3000], hour: [0, 6, 12, 18, 24] } },
};

/** What a combine's mergeAccumulators was handed in one call. */
interface MergeCall {
  array: boolean;
  allFeatureStatistics: boolean;
  /** Per accumulator: the observations (values and missing) it had accumulated. */
  observations: number[];
}

const observationsOf = (accumulator: statistics.FeatureStatistics): number => {
  const result = accumulator.result();
  return result === undefined ? 0 : result.count + result.missing;
};

/** The feature-statistics CombineFn, logging every mergeAccumulators call's arguments to `log`. */
function spiedCombineFn(
  plans: statistics.FeaturePlans,
  log: string,
): CombineFn<statistics.FeatureObservation, statistics.FeatureStatistics, unknown> {
  const inner = accumulatorCombineFn("featureStatistics", () =>
    statistics.FeatureStatistics.forFeatures(plans),
  );
  return {
    ...inner,
    mergeAccumulators: (accumulators: Iterable<statistics.FeatureStatistics>) => {
      const given = [...accumulators];
      const call: MergeCall = {
        array: Array.isArray(accumulators),
        allFeatureStatistics: given.every((a) => a instanceof statistics.FeatureStatistics),
        observations: given.map(observationsOf),
      };
      fs.appendFileSync(log, JSON.stringify(call) + "\n");
      return inner.mergeAccumulators(given);
    },
  };
}

/** Runs the first window's observations through the spied combine and returns its merge calls. */
async function mergeCalls(spec: MonitorSpec, runner: Runner): Promise<MergeCall[]> {
  const log = path.join(temporaryDirectory(), "merges.jsonl");
  const plan = statisticsPlan(spec);
  const { windowing } = windowingFor<InferenceRecord>({
    sizeMs: WINDOW_MS,
    watermarkDelayMs: 0,
    allowedLatenessMs: 0,
  });
  await runner.run((root) => {
    root
      .apply(readInferenceLog(spec.source))
      .apply(parseInferenceLog(spec))
      .records.apply(assignEventTime())
      .apply(windowing)
      .apply(featureObservations(["distance"], undefined))
      .apply(combinePerKey(spiedCombineFn(plan.plans, log)));
  });
  return fs
    .readFileSync(log, "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as MergeCall);
}

/** The records windowedStatistics must give, from one accumulator per feature and window fed every value in order. */
function singlePass(spec: MonitorSpec, events: ReturnType<typeof flights>) {
  const plan = statisticsPlan(spec);
  const expected = new Map<string, unknown>();
  for (const windowStart of [0, WINDOW_MS]) {
    const rows = events.filter(
      (e) => e.timestampMs >= windowStart && e.timestampMs < windowStart + WINDOW_MS,
    );
    for (const feature of [...plan.features, "delay"]) {
      const accumulator = statistics.FeatureStatistics.forFeatures(plan.plans);
      for (const row of rows)
        accumulator.add({ feature, value: row.event[feature] as statistics.FeatureObservation["value"] });
      expected.set(`${feature} ${windowStart}`, accumulator.result());
    }
    const coMoments = new statistics.CoMoments(plan.correlation);
    for (const row of rows)
      coMoments.add(plan.correlation.map((feature) => row.event[feature] as number | null));
    const { features, correlation, covariance, counts } = coMoments.result();
    expected.set(`* ${windowStart}`, { features, pearson: correlation, covariance, counts });
  }
  return expected;
}

/** A record's statistics (without labels), keyed `feature windowStartMs`. */
function byFeatureAndWindow(records: StatisticsRecord[]): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const record of records) {
    const {
      kind: _kind,
      model: _model,
      feature,
      window,
      pane: _pane,
      emittedAt: _emittedAt,
      ...rest
    } = record as StatisticsRecord & { role?: string };
    const { role: _role, ...fields } = rest as Record<string, unknown>;
    const key = `${feature} ${Date.parse(window.start)}`;
    assert.ok(!found.has(key), `two records for ${key}`);
    found.set(key, record.type === "correlation" ? record.correlation : fields);
  }
  return found;
}

describe("the combine paths windowedStatistics runs on", () => {
  const events = flights();
  const script = writeJsonLines("flights.jsonl", events);
  const spec = testSpec({ ...SPEC, source: { kind: "testStream", path: script } });
  const expected = singlePass(spec, events);

  it("has the data the checks need: every value counted by hand", () => {
    // An independent tally of the first window's distances: count, missing, sum, min, max.
    const distances = events.slice(0, 90).map((e) => e.event.distance as number | null);
    const present = distances.filter((d): d is number => d !== null);
    const result = expected.get(`distance 0`) as statistics.NumericalStatisticsResult;
    assert.deepStrictEqual(
      [result.count, result.missing, result.sum, result.min, result.max],
      [
        present.length,
        distances.length - present.length,
        present.reduce((a, b) => a + b, 0),
        Math.min(...present),
        Math.max(...present),
      ],
    );
    assert.ok(result.missing > 0 && result.count > 60, `${result.count} values, ${result.missing} missing`);
  });

  it("our runner, in bundles of 3 records, gives every final pane equal to a single pass", async () => {
    const records = await statisticsOf(spec, eventTimeDirectRunner({ maxBundleSize: 3 }));
    const finals = byFeatureAndWindow(records.filter((r) => r.pane.final));
    // 4 features (prediction included) + correlation, 2 windows; quantiles are exact (≤ k = 200 values), so
    // merged and single-pass results agree up to float rounding in the moments' merge formula.
    assert.deepStrictEqual([...finals.keys()].sort(), [...expected.keys()].sort());
    for (const [key, value] of expected) assertClose(finals.get(key), value, 1e-9, key);
  });

  it("the SDK's stock direct runner gives the same results", async () => {
    const records = await statisticsOf(spec, directRunner());
    const results = byFeatureAndWindow(records);
    assert.deepStrictEqual([...results.keys()].sort(), [...expected.keys()].sort());
    for (const [key, value] of expected) assertClose(results.get(key), value, 1e-9, key);
  });

  it("our runner merges each bundle's partial into the window: mergeAccumulators([window, partial])", async () => {
    const calls = await mergeCalls(spec, eventTimeDirectRunner({ maxBundleSize: 3 }));
    assert.ok(
      calls.every((call) => call.array && call.allFeatureStatistics && call.observations.length === 2),
    );
    // The first window's 90 distance observations arrive 3 per bundle: 30 partials, each merged into the
    // window's accumulator, which grows by the partial's size every time.
    const firstWindow = calls.slice(0, 30);
    assert.deepStrictEqual(
      firstWindow.map((call) => call.observations),
      Array.from({ length: 30 }, (_, i) => [3 * i, 3]),
    );
  });

  it("the stock runner's unlifted combine merges only [all, empty, empty] (the SDK bug)", async () => {
    // The SDK's combinePerKey, when not lifted, spreads values over three accumulators "to emulate what
    // would happen in a distributed combine", but never increments its index (transforms/internal.ts,
    // `let ix = 0`): every value goes into the first, so this path never merges two non-empty partials.
    const calls = await mergeCalls(spec, directRunner());
    assert.deepStrictEqual(calls, [
      { array: true, allFeatureStatistics: true, observations: [90, 0, 0] },
      { array: true, allFeatureStatistics: true, observations: [60, 0, 0] },
    ]);
  });
});
