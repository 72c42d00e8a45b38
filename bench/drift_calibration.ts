/**
 * Drift calibration on real data: for every metric and window size n, the
 * share of windows that drift when nothing changed (false alarms) and when
 * something did (power), through the job's own featureDrift and driftVerdicts.
 *
 * Data: vega-datasets' flights-200k (231,083 real US flights of 2001: delay and
 * distance in their units, departure time of day in hours), shuffled with a
 * fixed seed; the first 10,000 rows are the baseline, windows are drawn without
 * replacement from the other rows, so under "no shift" window and baseline
 * come from one distribution. Features: delay, distance, time (numerical) and
 * hour = ⌊time⌋ (categorical).
 *
 * Power: windows where a share of the rows is drawn from evening departures
 * (time ≥ 18 h) on top of uniformly drawn ones: the departure-time feature
 * shifts by about that share, sized per n so that KS is neither blind nor certain.
 *
 * scipy: `--export <file>` writes the `time` windows and the baseline's times;
 * bench/drift_calibration_scipy.py runs scipy's ks_2samp on them once and writes
 * bench/results/drift_calibration_scipy.json, which this benchmark reads to
 * compare KS rejections on the very same windows.
 *
 *   npm run bench:drift-calibration [-- --windows 1000 --export /tmp/windows.json]
 */
import { readFileSync, writeFileSync, existsSync } from "fs";
import * as path from "path";
import type { FeatureBaseline } from "../transforms/baseline/baseline_profile";
import type { DriftCheck } from "../transforms/drift/drift_plan";
import { driftVerdicts } from "../transforms/drift/drift_verdicts";
import { featureDrift } from "../transforms/drift/feature_drift";
import { DRIFT_METRICS, DRIFT_METRIC_NAMES, DriftMetricName } from "../transforms/drift/registry";
import {
  CategoryFrequencies,
  FeatureStatistics,
  Histogram,
  KllSketch,
  Moments,
} from "../transforms/statistics";
import type { FeaturePlans } from "../transforms/statistics/feature_statistics";
import { mulberry32 } from "../transforms/statistics/mulberry32";
import { BASELINE_EXACT_VALUES, DEFAULT_WINDOW_EXACT_VALUES } from "../transforms/statistics/quantile_sketch";
import { baselineHistogramEdges } from "../pipelines/baseline/histogram_edges";

interface Flight {
  delay: number;
  distance: number;
  time: number;
}

const ALPHA = 0.05;
const SIZES = [100, 200, 1000, 10_000];
const BASELINE_ROWS = 10_000;
const SKETCH_K = 1000;
const EVENING_SHARES: Record<number, number> = { 100: 0.2, 200: 0.15, 1000: 0.07, 10_000: 0.03 };
const NUMERICAL = ["delay", "distance", "time"] as const;
const SCIPY_RESULTS = path.join(__dirname, "..", "..", "bench", "results", "drift_calibration_scipy.json");

function option(name: string, fallback: string | undefined): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    const step = mulberry32(state);
    state = step.state;
    return step.output / 2 ** 32;
  };
}

function shuffled<T>(items: T[], uniform: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** `count` distinct rows of `pool`, uniformly (a partial Fisher–Yates shuffle of indices). */
function drawRows<T>(pool: readonly T[], count: number, uniform: () => number, scratch: Int32Array): T[] {
  const drawn: T[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(uniform() * (pool.length - i));
    [scratch[i], scratch[j]] = [scratch[j], scratch[i]];
    drawn.push(pool[scratch[i]]);
  }
  return drawn;
}

const valueOf = (flight: Flight, feature: string): number | string =>
  feature === "hour" ? String(Math.floor(flight.time)) : flight[feature as keyof Flight];

function baselineOf(rows: Flight[]): Record<string, FeatureBaseline> {
  const baseline: Record<string, FeatureBaseline> = {};
  for (const feature of NUMERICAL) {
    const moments = new Moments();
    const quantiles = new KllSketch(SKETCH_K, BASELINE_EXACT_VALUES);
    for (const row of rows) {
      moments.add(row[feature]);
      quantiles.add(row[feature]);
    }
    const { edges, edgesRule } = baselineHistogramEdges(quantiles);
    const histogram = new Histogram(edges);
    for (const row of rows) histogram.add(row[feature]);
    baseline[feature] = { type: "numerical", moments, quantiles, histogram, edgesRule };
  }
  const frequencies = new CategoryFrequencies();
  for (const row of rows) frequencies.add(valueOf(row, "hour"));
  baseline.hour = { type: "categorical", frequencies };
  return baseline;
}

function plansOf(baseline: Record<string, FeatureBaseline>): FeaturePlans {
  const plans: Record<string, FeaturePlans[string]> = {};
  for (const feature of NUMERICAL) {
    const profiled = baseline[feature];
    if (profiled.type !== "numerical") throw new Error(`${feature} is numerical`);
    plans[feature] = {
      type: "numerical",
      quantiles: [0.5],
      quantileSketchK: SKETCH_K,
      exactQuantilesUpTo: DEFAULT_WINDOW_EXACT_VALUES,
      histogram: { edges: profiled.histogram.result().edges, edgesFrom: "baseline" },
    };
  }
  plans.hour = { type: "categorical", categoryCapacity: 1000, topK: 10, frequencies: true };
  return plans;
}

/** Every metric that applies, at its default threshold (wasserstein: 0 before calibration), calibrated at α. */
function checksOf(featureType: "numerical" | "categorical"): DriftCheck[] {
  return DRIFT_METRIC_NAMES.filter((name) =>
    (DRIFT_METRICS[name].featureTypes as readonly string[]).includes(featureType),
  ).map((metric) => {
    const entry = DRIFT_METRICS[metric];
    const test = entry.driftWhen === "pValueBelowThreshold";
    return {
      metric,
      threshold: test ? ALPHA : (entry.defaultThreshold ?? Number.MIN_VALUE),
      ...(test ? {} : { calibrateAt: ALPHA }),
    };
  });
}

type Tally = Map<string, { drifted: number; uncertain: number; windows: number }>;

function tallyWindow(
  tally: Tally,
  rows: Flight[],
  features: readonly string[],
  baseline: Record<string, FeatureBaseline>,
  plans: FeaturePlans,
): void {
  for (const feature of features) {
    const window = FeatureStatistics.forFeatures(plans);
    for (const row of rows) window.add({ feature, value: valueOf(row, feature) });
    const checks = checksOf(baseline[feature].type);
    const verdicts = driftVerdicts(featureDrift(feature, checks, baseline[feature], window, 30), "none");
    for (const verdict of verdicts) {
      const key = `${verdict.metric} ${feature}`;
      const counts = tally.get(key) ?? { drifted: 0, uncertain: 0, windows: 0 };
      counts.windows += 1;
      if (verdict.drifted) counts.drifted += 1;
      if (verdict.uncertain) counts.uncertain += 1;
      tally.set(key, counts);
    }
  }
}

function main(): void {
  const windowsPerSize = Number(option("windows", "1000"));
  const exportFile = option("export", undefined);
  const file = path.join(path.dirname(require.resolve("vega-datasets")), "..", "data", "flights-200k.json");
  const all = shuffled(JSON.parse(readFileSync(file, "utf8")) as Flight[], seeded(0xf1a7));
  const baselineRows = all.slice(0, BASELINE_ROWS);
  const pool = all.slice(BASELINE_ROWS);
  const evening = pool.filter((flight) => flight.time >= 18);
  const baseline = baselineOf(baselineRows);
  const plans = plansOf(baseline);
  const exported: { baseline: number[]; windows: Record<string, number[][]> } = {
    baseline: baselineRows.map((row) => row.time),
    windows: {},
  };
  const results: Record<string, Record<number, Tally>> = { null: {}, evening: {} };
  const started = Date.now();
  for (const n of SIZES) {
    const windows = n === 10_000 ? Math.round(windowsPerSize / 5) : windowsPerSize;
    const uniform = seeded(0xc0ffee + n);
    const scratch = Int32Array.from(pool, (_, i) => i);
    const eveningScratch = Int32Array.from(evening, (_, i) => i);
    const nullTally: Tally = new Map();
    const shiftTally: Tally = new Map();
    const nullTimes: number[][] = [];
    const shiftTimes: number[][] = [];
    for (let w = 0; w < windows; w++) {
      const rows = drawRows(pool, n, uniform, scratch);
      tallyWindow(nullTally, rows, [...NUMERICAL, "hour"], baseline, plans);
      nullTimes.push(rows.map((row) => row.time));
      const fromEvening = Math.round(EVENING_SHARES[n] * n);
      const shifted = [
        ...drawRows(pool, n - fromEvening, uniform, scratch),
        ...drawRows(evening, fromEvening, uniform, eveningScratch),
      ];
      tallyWindow(shiftTally, shifted, ["time"], baseline, plans);
      shiftTimes.push(shifted.map((row) => row.time));
    }
    results.null[n] = nullTally;
    results.evening[n] = shiftTally;
    exported.windows[`null ${n}`] = nullTimes;
    exported.windows[`evening ${n}`] = shiftTimes;
    process.stderr.write(`n = ${n}: ${windows} windows, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  if (exportFile) writeFileSync(exportFile, JSON.stringify(exported));
  report(results);
}

function report(results: Record<string, Record<number, Tally>>): void {
  const scipy = existsSync(SCIPY_RESULTS)
    ? (JSON.parse(readFileSync(SCIPY_RESULTS, "utf8")) as { rejections: Record<string, number> })
    : undefined;
  const share = (counts: { drifted: number; windows: number } | undefined) =>
    counts === undefined ? "–" : (counts.drifted / counts.windows).toFixed(3);
  const header = `| metric | feature | ${SIZES.map((n) => `n = ${n.toLocaleString("en")}`).join(" | ")} |`;
  console.log(`False alarms (share of windows drifted, no shift; α = ${ALPHA}):\n`);
  console.log(header);
  console.log(`| --- | --- | ${SIZES.map(() => "---:").join(" | ")} |`);
  const keys = [...results.null[SIZES[0]].keys()];
  for (const key of keys) {
    console.log(
      `| ${key.replace(" ", " | ")} | ${SIZES.map((n) => share(results.null[n].get(key))).join(" | ")} |`,
    );
  }
  if (scipy) {
    const line = SIZES.map((n) => {
      const windows = results.null[n].get("ks time")?.windows ?? 0;
      return (scipy.rejections[`null ${n}`] / windows).toFixed(3);
    });
    console.log(`| scipy ks_2samp | time | ${line.join(" | ")} |`);
  }
  console.log(
    `\nPower on time (evening departures mixed in: ${SIZES.map((n) => `${EVENING_SHARES[n] * 100} % at ${n}`).join(", ")}):\n`,
  );
  console.log(header);
  console.log(`| --- | --- | ${SIZES.map(() => "---:").join(" | ")} |`);
  for (const metric of DRIFT_METRIC_NAMES as DriftMetricName[]) {
    const key = `${metric} time`;
    console.log(`| ${metric} | time | ${SIZES.map((n) => share(results.evening[n].get(key))).join(" | ")} |`);
  }
  if (scipy) {
    const ours = SIZES.map((n) => results.evening[n].get("ks time")?.drifted ?? 0);
    const windows = SIZES.map((n) => results.evening[n].get("ks time")?.windows ?? 0);
    const theirs = SIZES.map((n) => scipy.rejections[`evening ${n}`]);
    console.log(
      `| scipy ks_2samp | time | ${theirs.map((r, i) => (r / windows[i]).toFixed(3)).join(" | ")} |`,
    );
    console.log(
      `| ks / scipy | time | ${ours.map((r, i) => (theirs[i] === 0 ? "–" : (r / theirs[i]).toFixed(3))).join(" | ")} |`,
    );
    const uncertain = SIZES.map((n) => results.evening[n].get("ks time")?.uncertain ?? 0);
    console.log(
      `\nKS verdicts marked uncertain (sketch windows): ${uncertain.join(" / ")} of ${windows.join(" / ")}`,
    );
  }
}

main();
