// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as assert from "assert";
import { smirnovExactPValue } from "../../transforms/drift/smirnov_exact";
import { temporaryDirectory, testSpec, writeJsonLines } from "../statistics/beam/statistics_run";
import { assertClose } from "../statistics/assert_close";
import { latestPanes, type WindowedResult } from "../support/latest_panes";
import { monitorResults, writeOneToTenProfile } from "./monitor_run";

/** One request instance with feature x and prediction p (input format json: both in one event, part "both"). */
const request = (id: string, timestampMs: number, x: number, p: number) => ({
  event: { id, x, p },
  timestampMs,
});

// Baseline of x and of p: 1, 2, …, 10, histogram edges 0, 5, 10 ([0, 5): 4 values, [5, 10]: 6).
// Windows of 60 s, allowed lateness 10 s, drift.minSamples 3:
// w0 [0, 60 s):    x 1, 2, 3, 4, 50 (50 is a z-score outlier), p 11 … 15; then a late request x = 6, p = 6
//                  that arrives after the on-time pane (the watermark is at 61 s) and before 70 s;
// w1 [60, 120 s):  x = p = 2, 5, 7, 9;
// w2 [120, 180 s): x = p = 3, 6 — fewer than minSamples;
// w3 [180, 240 s): x = p = 4, 6, 8, 10.
const SCRIPT = [
  request("a1", 1_000, 1, 11),
  request("a2", 2_000, 2, 12),
  request("a3", 3_000, 3, 13),
  request("a4", 4_000, 4, 14),
  request("a5", 5_000, 50, 15),
  { processingTimeMs: 1 },
  request("b1", 61_000, 2, 2),
  { processingTimeMs: 2 },
  request("late", 30_000, 6, 6),
  { processingTimeMs: 3 },
  request("b2", 62_000, 5, 5),
  request("b3", 63_000, 7, 7),
  request("b4", 64_000, 9, 9),
  { processingTimeMs: 4 },
  request("c1", 121_000, 3, 3),
  request("c2", 122_000, 6, 6),
  { processingTimeMs: 5 },
  request("d1", 181_000, 4, 4),
  request("d2", 182_000, 6, 6),
  request("d3", 183_000, 8, 8),
  request("d4", 184_000, 10, 10),
];

const SPEC = {
  model: "m",
  features: [{ name: "x", type: "numerical" }],
  prediction: { name: "p", type: "numerical" },
  input: { format: "json" },
  window: { size: "60s", allowedLateness: "10s" },
  statistics: { correlation: false },
  outliers: [{ method: "zscore", features: ["x"] }],
  drift: {
    // Windows of 5 values: L∞'s null quantile there is above any value, so the raw threshold is asked for.
    metrics: [{ name: "ks" }, { name: "l_infinity", features: ["x"], fixedThreshold: true }],
    minSamples: 3,
    correction: "benjamini_hochberg",
  },
  alerts: { outlierRate: 0.1, minInstances: 3 },
};

type Result = Record<string, unknown> & {
  feature: string;
  metric: string;
  window: { start: string };
  pane: { timing: string; index: number; final: boolean };
};

const windowStart = (startS: number) => new Date(startS * 1000).toISOString();

describe("outliers, drift and alerts in the monitoring pipeline, on a scripted stream", () => {
  let results: Record<string, Result[]> = {};
  const drift = (feature: string, metric: string, startS: number, final = true) => {
    const found = results.drift.find(
      (r) =>
        r.feature === feature &&
        r.metric === metric &&
        r.window.start === windowStart(startS) &&
        r.pane.final === final,
    );
    assert.ok(found, `no drift record ${metric} ${feature} at ${startS} s (final ${final})`);
    return found;
  };

  before(async () => {
    const dir = temporaryDirectory();
    const baseline = writeOneToTenProfile(dir);
    const source = { kind: "testStream", path: writeJsonLines("s.jsonl", SCRIPT) };
    const spec = testSpec({ ...SPEC, source, baseline }, dir);
    results = (await monitorResults(spec)) as unknown as Record<string, Result[]>;
  });

  it("writes one outlier record for the flagged request, with its z-score against the baseline", () => {
    // Baseline mean 5.5, sample stddev √(Σ(i − 5.5)² / 9) = √(82.5 / 9); (50 − 5.5) / that = 14.698.
    const { emittedAt, ...outlier } = results.outlier[0];
    assert.strictEqual(results.outlier.length, 1);
    assert.ok(typeof emittedAt === "string");
    assertClose(outlier, {
      kind: "outlier",
      model: "m",
      requestId: "a5",
      instance: 0,
      eventTimeMs: 5_000,
      feature: "x",
      value: 50,
      method: "zscore",
      score: 44.5 / Math.sqrt(82.5 / 9),
      threshold: 3,
    });
  });

  it("gives each window an on-time and a final drift pane, three comparisons each, late data in the final one", () => {
    const panes = (startS: number) =>
      results.drift
        .filter((r) => r.window.start === windowStart(startS))
        .map(
          (r) => `${r.metric} ${r.feature} ${r.pane.timing} ${r.pane.index}${r.pane.final ? " final" : ""}`,
        );
    // The upstream per-feature combine fires a LATE pane per late request; the drift regrouping fires once more.
    assert.deepStrictEqual(panes(0), [
      "ks x ON_TIME 0",
      "l_infinity x ON_TIME 0",
      "ks p ON_TIME 0",
      "ks x LATE 1 final",
      "l_infinity x LATE 1 final",
      "ks p LATE 1 final",
    ]);
    assert.strictEqual(results.drift.length, 4 * 6);
  });

  it("computes each metric from the window's accumulators against the baseline, shown by hand", () => {
    // On time, x = 1, 2, 3, 4, 50: proportions on the open end bins < 5 and ≥ 5 are 0.8, 0.2 against
    // 0.4, 0.6, so L∞ = 0.4, first reached at < 5. KS: F_b(4) = 0.4, F_c(4) = 0.8: D = 0.4. p: 11 … 15 all above the baseline: D = 1,
    // and only the 2 orderings "all baseline first" / "all current first" of C(15, 5) = 3003 reach it.
    const onTime = drift("x", "l_infinity", 0, false);
    assertClose([onTime.value, onTime.drifted, onTime.sampleSize], [0.4, true, 5]);
    assert.deepStrictEqual(onTime.details, { outcome: "< 5" });
    assertClose(drift("x", "ks", 0, false).value, 0.4, 1e-15);
    assertClose(drift("p", "ks", 0, false).pValue, 2 / 3003, 1e-12);
    // Final, with the late 6: x on < 5, ≥ 5 is 4/6, 2/6: L∞ = |4/6 − 0.4| = 4/15.
    // KS x: F_b(4) = 0.4 vs 4/6: D = 4/15. KS p (6, 11 … 15): F_b(10) = 1 vs 1/6: D = 5/6.
    assertClose(drift("x", "l_infinity", 0).value, 4 / 15, 1e-15);
    const ksX = drift("x", "ks", 0);
    const ksP = drift("p", "ks", 0);
    assertClose([ksX.value, ksX.pValue], [4 / 15, smirnovExactPValue(4 / 15, 10, 6)], 1e-12);
    assertClose([ksP.value, ksP.pValue], [5 / 6, smirnovExactPValue(5 / 6, 10, 6)], 1e-12);
    assert.deepStrictEqual([ksX.role, ksP.role], ["feature", "prediction"]);
  });

  it("corrects the window's two tests together (Benjamini–Hochberg) and decides on the adjusted p-value", () => {
    // Reference values, scipy 1.16.3 (python -c): ks_2samp(range(1, 11), [1, 2, 3, 4, 50, 6], method="exact")
    // .pvalue = 0.8876123876123876; ks_2samp(range(1, 11), [11, 12, 13, 14, 15, 6], method="exact").pvalue =
    // 0.003996003996003996; false_discovery_control([those two], method="bh") = [0.8876123876123876,
    // 0.007992007992007992]. So x does not drift (0.888 ≥ 0.05), p does (0.00799 < 0.05).
    const ksX = drift("x", "ks", 0);
    const ksP = drift("p", "ks", 0);
    assertClose([ksX.pValue, ksP.pValue], [0.8876123876123876, 0.003996003996003996], 1e-12);
    assertClose([ksX.adjustedPValue, ksP.adjustedPValue], [0.8876123876123876, 0.007992007992007992], 1e-12);
    assert.deepStrictEqual([ksX.drifted, ksP.drifted], [false, true]);
    // A distance is not corrected.
    assert.strictEqual(drift("x", "l_infinity", 0).adjustedPValue, undefined);
  });

  it("gives no verdict, with the reason, on a window below drift.minSamples", () => {
    const small = drift("x", "l_infinity", 120);
    assert.deepStrictEqual(
      [small.value, small.drifted, small.sampleSize, small.reason],
      [null, null, 2, "insufficient data: 2 values, fewer than drift.minSamples = 3"],
    );
  });

  it("raises alerts with evidence, marks a repeat in the next window continuing, and starts afresh after a gap", () => {
    // What a consumer keeps: the latest pane of each alert.
    const finals = [...latestPanes(results.alert as unknown as WindowedResult[]).values()]
      .map((a) => a as unknown as Result)
      .map((a) => {
        const alert = a as unknown as {
          rule: string;
          severity: string;
          continuing: boolean;
          evidence: { metric: string };
        };
        return `${a.window.start.slice(14, 19)} ${alert.rule} ${a.feature} ${alert.evidence.metric} ${alert.severity}${alert.continuing ? " continuing" : ""}`;
      })
      .sort();
    // w0: L∞ 13/30 = 4.3·0.1 (critical, factor 2); p's adjusted p-value (see above); outlier rate 1/6 = 1.67·0.1.
    // w1 (x 2, 5, 7, 9: [0, 5) holds 1/4 against 0.4): L∞ 0.15 = 1.5·0.1, as in w0: continuing.
    // w2: no verdict. w3 (4, 6, 8, 10): L∞ 0.15 again, but after w2 without a verdict: new.
    assert.deepStrictEqual(
      finals,
      [
        // p's KS: ln 0.007992007992007992 / ln 0.05 = 1.61 (scipy's adjusted p-value above), below 2: warning.
        "00:00 drift p ks warning",
        "00:00 drift x l_infinity critical",
        "00:00 outlier_rate * outlier_rate warning",
        "01:00 drift x l_infinity warning continuing",
        "03:00 drift x l_infinity warning",
      ].sort(),
    );
    const rate = results.alert.find((a) => a.feature === "*" && a.pane.final) as Result & {
      evidence: unknown;
    };
    assert.deepStrictEqual(rate.evidence, {
      metric: "outlier_rate",
      value: 1 / 6,
      threshold: 0.1,
      instances: 6,
      flagged: 1,
    });
    // On time, the outlier rate of w0 was 1 of 5 = 2·0.1: critical then.
    const onTimeRate = results.alert.find(
      (a) => a.feature === "*" && a.pane.timing === "ON_TIME",
    ) as Result & {
      severity: string;
    };
    assert.strictEqual(onTimeRate.severity, "critical");
  });
});
