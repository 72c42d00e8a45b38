// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as assert from "assert";
import { temporaryDirectory, testSpec, writeJsonLines } from "../statistics/beam/statistics_run";
import { monitorResults, writeOneToTenProfile } from "../monitoring/monitor_run";
import { latestPanes } from "../support/latest_panes";

// Baseline of x: 1, 2, …, 10 (mean 5.5, sample stddev 3.03): the z-score detector (k = 3) flags x = 50
// (z = 14.7) and not x = 5 (z = 0.17). Each request is one instance; F marks a flagged one.
const FLAGGED = 50;
const NORMAL = 5;
const request = (timestampMs: number, x: number) => ({
  event: { id: `r${timestampMs}`, x, p: x },
  timestampMs,
});

// Event times, in 10 s buckets (boundary events at exactly 10 000 and 20 000 ms belong to the bucket they
// start, 9 999 to the one before):
// b0 [0, 10 s):   1 000 F, 2 000, 9 999 F                      3 instances, 2 flagged
// b1 [10, 20 s):  10 000 F, 11 000, 12 000, 13 000, 19 999 F   5 instances, 2 flagged
// b2 [20, 30 s):  20 000 F, 21 000 F, 22 000 F, 23 000         4 instances, 3 flagged
// b3 [30, 40 s):  30 000 … 33 000                              4 instances, 0 flagged
// b4 [40, 50 s):  40 000 F, 41 000 … 44 000                    5 instances, 1 flagged
const BUCKETS: [number, number][][] = [
  [
    [1_000, FLAGGED],
    [2_000, NORMAL],
    [9_999, FLAGGED],
  ],
  [
    [10_000, FLAGGED],
    [11_000, NORMAL],
    [12_000, NORMAL],
    [13_000, NORMAL],
    [19_999, FLAGGED],
  ],
  [
    [20_000, FLAGGED],
    [21_000, FLAGGED],
    [22_000, FLAGGED],
    [23_000, NORMAL],
  ],
  [
    [30_000, NORMAL],
    [31_000, NORMAL],
    [32_000, NORMAL],
    [33_000, NORMAL],
  ],
  [
    [40_000, FLAGGED],
    [41_000, NORMAL],
    [42_000, NORMAL],
    [43_000, NORMAL],
    [44_000, NORMAL],
  ],
];
const SCRIPT = BUCKETS.flatMap((bucket, i) => [
  ...bucket.map(([timestampMs, x]) => request(timestampMs, x)),
  { processingTimeMs: i + 1 },
]);

// Outlier rate above 0.2 alerts, from 4 instances on; critical from 3 times the threshold (rate ≥ 0.6).
const ALERTS = { outlierRate: 0.2, minInstances: 4, criticalFactor: 3 };

type Alert = {
  kind: string;
  window: { start: string; end: string };
  pane: { timing: string; index: number; final: boolean };
  rule: string;
  feature: string;
  severity: string;
  continuing: boolean;
  evidence: { metric: string; value: number; threshold: number; instances: number; flagged: number };
};

const seconds = (iso: string) => (Date.parse(iso) - Date.parse("1970-01-01T00:00:00Z")) / 1000;

/** The latest alert pane per window, as "start–end severity[ continuing] flagged/instances". */
function alertsAsConsumerKeeps(alerts: Alert[]): string[] {
  return [...latestPanes(alerts).values()]
    .map(
      (a) =>
        `${seconds(a.window.start)}–${seconds(a.window.end)} ${a.rule} ${a.feature} ${a.severity}` +
        `${a.continuing ? " continuing" : ""} ${a.evidence.flagged}/${a.evidence.instances}`,
    )
    .sort((a, b) => parseFloat(a) - parseFloat(b));
}

async function runWith(window: Record<string, string>) {
  const dir = temporaryDirectory();
  const baseline = writeOneToTenProfile(dir);
  const spec = testSpec(
    {
      model: "m",
      features: [{ name: "x", type: "numerical" }],
      prediction: { name: "p", type: "numerical" },
      input: { format: "json" },
      // A watermark delay, so that windows are shifted in event time and labelled back.
      window: { watermarkDelay: "2s", ...window },
      statistics: { correlation: false },
      outliers: [{ method: "zscore", features: ["x"] }],
      alerts: ALERTS,
      source: { kind: "testStream", path: writeJsonLines("s.jsonl", SCRIPT) },
      baseline,
    },
    dir,
  );
  return monitorResults(spec);
}

describe("alert rules: minInstances, criticalFactor and continuing, worked out by hand", function () {
  this.timeout(60_000);

  describe("fixed windows of 10 s", () => {
    let results: Awaited<ReturnType<typeof runWith>>;
    before(async () => {
      results = await runWith({ size: "10s" });
    });

    it("counts boundary events in the window they start: x counts per window 3, 5, 4, 4, 5", () => {
      const latest = [...latestPanes(results.statistics as never).values()] as unknown as {
        feature: string;
        count: number;
        window: { start: string };
      }[];
      const counts = latest
        .filter((r) => r.feature === "x")
        .map((r) => [seconds(r.window.start), r.count])
        .sort((a, b) => a[0] - b[0]);
      assert.deepStrictEqual(counts, [
        [0, 3],
        [10, 5],
        [20, 4],
        [30, 4],
        [40, 5],
      ]);
    });

    it("alerts as worked out by hand", () => {
      // b0: 2/3 = 0.67 > 0.2 but 3 < minInstances 4: no alert.
      // b1: 2/5 = 0.4 = 2·0.2 (< criticalFactor 3): warning; b0 raised none, so it is new.
      // b2: 3/4 = 0.75 = 3.75·0.2: critical, continuing b1's.
      // b3: 0/4: none. b4: 1/5 = 0.2, not above 0.2: none.
      assert.deepStrictEqual(alertsAsConsumerKeeps(results.alert as unknown as Alert[]), [
        "10–20 outlier_rate * warning 2/5",
        "20–30 outlier_rate * critical continuing 3/4",
      ]);
    });

    it("carries the evidence: rate, threshold, instances and flagged", () => {
      const alert = [...latestPanes(results.alert as unknown as Alert[]).values()].find(
        (a) => seconds(a.window.start) === 20,
      );
      assert.deepStrictEqual(alert?.evidence, {
        metric: "outlier_rate",
        value: 0.75,
        threshold: 0.2,
        instances: 4,
        flagged: 3,
      });
      assert.deepStrictEqual(alert?.pane, { timing: "ON_TIME", index: 0, final: true });
    });
  });

  describe("sliding windows of 20 s every 10 s", () => {
    let results: Awaited<ReturnType<typeof runWith>>;
    before(async () => {
      results = await runWith({ size: "20s", slide: "10s" });
    });

    it("alerts as worked out by hand, continuing from the window one slide (10 s) before", () => {
      // [−10, 10): b0 = 2/3, below minInstances: none.
      // [0, 20):   b0 + b1 = 4/8 = 0.5 = 2.5·0.2: warning; [−10, 10) raised none: new.
      // [10, 30):  b1 + b2 = 5/9 = 0.56 = 2.8·0.2: warning, continuing [0, 20)'s.
      // [20, 40):  b2 + b3 = 3/8 = 0.375: warning, continuing [10, 30)'s.
      // [30, 50):  b3 + b4 = 1/9: none. [40, 60): b4 = 1/5 = 0.2, not above: none.
      assert.deepStrictEqual(alertsAsConsumerKeeps(results.alert as unknown as Alert[]), [
        "0–20 outlier_rate * warning 4/8",
        "10–30 outlier_rate * warning continuing 5/9",
        "20–40 outlier_rate * warning continuing 3/8",
      ]);
    });
  });
});
