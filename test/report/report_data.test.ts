import * as assert from "assert";
import type { BaselineProfile } from "../../transforms/baseline/baseline_profile";
import { CategoryFrequencies } from "../../transforms/statistics/categorical";
import { Histogram } from "../../transforms/statistics/histogram";
import { buildReportData } from "../../report/report_data";
import { renderReportHtml } from "../../report/report_html";
import type { MonitorResults } from "../../report/result_records";

const T0 = Date.UTC(2026, 0, 1);
const WINDOW_MS = 60_000;
const windowAt = (i: number) => ({
  start: new Date(T0 + i * WINDOW_MS).toISOString(),
  end: new Date(T0 + (i + 1) * WINDOW_MS).toISOString(),
});
const pane = (index: number) => ({ timing: "ON_TIME" as const, index, final: index === 1 });
const noResults = (): MonitorResults => ({
  statistics: [],
  drift: [],
  alert: [],
  outlier: [],
  deadletter: [],
});

function drift(i: number, metric: string, value: number | null, fields: object = {}) {
  return {
    kind: "drift" as const,
    model: "m",
    feature: "x",
    window: windowAt(i),
    pane: pane(1),
    metric,
    value,
    threshold: 0.2,
    drifted: value === null ? null : value > 0.2,
    ...fields,
  };
}

function numerical(i: number, histogram: { edges: number[]; counts: number[] }, index = 1) {
  return {
    kind: "statistics" as const,
    model: "m",
    feature: "x",
    window: windowAt(i),
    pane: pane(index),
    type: "numerical" as const,
    quantiles: { "0.5": i, "0.05": i - 1, "0.95": i + 1 },
    histogram: { ...histogram, underflow: 0, overflow: 0 },
  };
}

describe("report data", () => {
  it("keeps the latest pane of each window", () => {
    const results = noResults();
    results.statistics.push(numerical(0, { edges: [0, 1, 2], counts: [9, 9] }, 1));
    results.statistics.push(numerical(0, { edges: [0, 1, 2], counts: [1, 3] }, 0));
    const data = buildReportData(results);
    assert.strictEqual(data.windowCount, 1);
    // Pane 1 restates the window with counts [9, 9]: shares 1/2, 1/2; pane 0's [1, 3] would give 1/4, 3/4.
    assert.deepStrictEqual(data.features[0].latest!.current, [0.5, 0.5]);
  });

  it("downsamples 20,000 windows to 400 points, each the worst of 50 windows, keeping a single drifted window visible", () => {
    const results = noResults();
    for (let i = 0; i < 20_000; i++) results.drift.push(drift(i, "psi", i === 12_345 ? 0.9 : 0.01));
    const series = buildReportData(results).features[0].drift[0];
    assert.strictEqual(series.points.length, 400);
    assert.strictEqual(series.windowsPerPoint, 50);
    // Window 12,345 falls in point ⌊12345 / 50⌋ = 246, which starts at window 246 · 50 = 12,300.
    const drifted = series.points.flatMap((p, i) => (p.drifted ? [i] : []));
    assert.deepStrictEqual(drifted, [246]);
    assert.strictEqual(series.points[246].y, 0.9);
    assert.strictEqual(series.points[246].x, T0 + 12_300 * WINDOW_MS);
    assert.strictEqual(series.points[0].y, 0.01);
  });

  it("plots a test's smallest adjusted p-value per point, a p-value of 0 at 1e-16", () => {
    const results = noResults();
    results.drift.push(drift(0, "ks", 0.3, { pValue: 0.01, adjustedPValue: 0.04, threshold: 0.05 }));
    results.drift.push(drift(1, "ks", 0.9, { pValue: 0, adjustedPValue: 0, threshold: 0.05 }));
    results.drift.push(drift(2, "ks", null, { pValue: null }));
    const series = buildReportData(results).features[0].drift[0];
    assert.strictEqual(series.scale, "pValue");
    assert.deepStrictEqual(
      series.points.map((p) => p.y),
      [0.04, 1e-16, null],
    );
  });

  it("compares the latest histogram with the baseline's as shares, bin for bin", () => {
    const baselineHistogram = new Histogram([0, 1, 2]);
    for (const value of [0.5, 1.5, 1.5, 1.5, -3]) baselineHistogram.add(value);
    const baseline = {
      features: { x: { type: "numerical", histogram: baselineHistogram } },
    } as unknown as BaselineProfile;
    const results = noResults();
    results.statistics.push(numerical(0, { edges: [0, 1, 2], counts: [5, 5] }));
    results.statistics.push(numerical(1, { edges: [0, 1, 2], counts: [1, 3] }));
    const latest = buildReportData(results, baseline).features[0].latest!;
    assert.deepStrictEqual(latest.window, windowAt(1));
    // The baseline has one value below 0, so the underflow bin is shown: window 0/4, 1/4, 3/4; baseline 1/5, 1/5, 3/5.
    assert.deepStrictEqual(latest.bins, ["< 0", "[0, 1)", "[1, 2]"]);
    assert.deepStrictEqual(latest.current, [0, 0.25, 0.75]);
    assert.deepStrictEqual(latest.baseline, [0.2, 0.2, 0.6]);
  });

  it("shows the 15 largest categories and sums the rest as (other)", () => {
    const baselineFrequencies = new CategoryFrequencies();
    for (let c = 0; c < 20; c++) baselineFrequencies.add(`c${c}`);
    const baseline = { features: { x: { type: "categorical", frequencies: baselineFrequencies } } };
    const frequencies: Record<string, number> = { c0: 80 };
    for (let c = 1; c < 21; c++) frequencies[`c${c}`] = 1;
    const results = noResults();
    results.statistics.push({
      kind: "statistics",
      model: "m",
      feature: "x",
      window: windowAt(0),
      pane: pane(1),
      type: "categorical",
      frequencies,
    });
    const latest = buildReportData(results, baseline as unknown as BaselineProfile).features[0].latest!;
    // Largest share on either side: c0 (0.8 in the window), then c1..c19 tie at 1/20 in the baseline,
    // broken alphabetically: c1, c10..c19, c2, c3, c4 are the next 14.
    assert.deepStrictEqual(latest.bins, [
      "c0",
      "c1",
      "c10",
      "c11",
      "c12",
      "c13",
      "c14",
      "c15",
      "c16",
      "c17",
      "c18",
      "c19",
      "c2",
      "c3",
      "c4",
      "(other)",
    ]);
    // Window: 100 values; (other) = c5..c9 and c20 = 6/100. Baseline: c5..c9 = 5/20.
    assert.ok(Math.abs(latest.current[15] - 0.06) < 1e-12);
    assert.ok(Math.abs(latest.baseline![15] - 0.25) < 1e-12);
  });

  it("counts outliers per method in window-long buckets of event time", () => {
    const results = noResults();
    results.statistics.push(numerical(0, { edges: [0, 1], counts: [1] }));
    const outlier = (method: string, offsetMs: number) => ({
      kind: "outlier" as const,
      model: "m",
      feature: "x",
      method,
      eventTimeMs: T0 + offsetMs,
    });
    results.outlier.push(outlier("zscore", 0), outlier("zscore", 30_000), outlier("zscore", 61_000));
    results.outlier.push(outlier("unseen", 125_000));
    const { bucketMs, methods } = buildReportData(results).outliers;
    assert.strictEqual(bucketMs, WINDOW_MS);
    assert.deepStrictEqual(
      methods.map((m) => [m.method, m.points.map((p) => p.y)]),
      [
        ["zscore", [2, 1, 0]],
        ["unseen", [0, 0, 1]],
      ],
    );
  });

  it("summarises alerts per rule, feature and metric over their latest panes, and dead letters by reason", () => {
    const results = noResults();
    const alert = (i: number, severity: string, continuing: boolean, index = 1) => ({
      kind: "alert" as const,
      model: "m",
      feature: "x",
      window: windowAt(i),
      pane: pane(index),
      rule: "drift",
      severity,
      continuing,
      evidence: { metric: "ks", value: 0.3, threshold: 0.05 },
    });
    results.alert.push(alert(3, "warning", false, 0), alert(3, "critical", false), alert(4, "warning", true));
    results.alert.push(alert(9, "warning", false));
    results.deadletter.push(
      { kind: "deadletter", reason: "bad-json" },
      { kind: "deadletter", reason: "bad-shape" },
    );
    results.deadletter.push({ kind: "deadletter", reason: "bad-json" });
    const data = buildReportData(results);
    assert.strictEqual(data.alerts.total, 3);
    assert.deepStrictEqual(data.alerts.rows, [
      {
        rule: "drift",
        feature: "x",
        metric: "ks",
        windows: 3,
        critical: 1,
        started: 2,
        firstWindow: windowAt(3).start,
        lastWindow: windowAt(9).start,
      },
    ]);
    assert.deepStrictEqual(data.deadLetters, [
      { reason: "bad-json", count: 2 },
      { reason: "bad-shape", count: 1 },
    ]);
  });

  it("keeps a feature named </script> from ending the page's scripts", () => {
    const results = noResults();
    results.drift.push({ ...drift(0, "psi", 0.1), feature: "</script><script>alert(1)</script>" });
    const html = renderReportHtml(buildReportData(results), "/* library */ var s = '</script>';");
    // Exactly the page's three script elements close: data, library, page script.
    assert.strictEqual(html.match(/<\/script>/gi)!.length, 3);
  });
});
