// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as assert from "assert";
import { temporaryDirectory, testSpec, writeJsonLines } from "../statistics/beam/statistics_run";
import { latestPanes, type WindowedResult } from "../support/latest_panes";
import { monitorResults, writeOneToTenProfile } from "./monitor_run";

const request = (id: string, timestampMs: number, x: number) => ({ event: { id, x, p: x }, timestampMs });

// One 10 s window, early firings every 1 s of processing time (simulated clock) after a pane's first
// element: a, b arrive at processing time 0 → EARLY pane 0 at 1 000 (2 values); c arrives at 1 500 →
// EARLY pane 1 at 2 500 (3 values); d arrives at 3 000, and the end of the stream passes the window's
// end → ON_TIME pane 2, final (4 values).
const SCRIPT = [
  request("a", 1_000, 1),
  request("b", 2_000, 2),
  { processingTimeMs: 1_000 },
  { processingTimeMs: 1_500 },
  request("c", 3_000, 3),
  { processingTimeMs: 2_500 },
  { processingTimeMs: 3_000 },
  request("d", 4_000, 4),
  { processingTimeMs: 3_100 },
];

type Pane = WindowedResult & { count?: number; sampleSize?: number };

describe("EARLY panes through the monitoring pipeline (early firings on a simulated clock)", function () {
  this.timeout(60_000);
  let results: Record<string, Pane[]>;

  before(async () => {
    const dir = temporaryDirectory();
    const baseline = writeOneToTenProfile(dir);
    const spec = testSpec(
      {
        model: "m",
        features: [{ name: "x", type: "numerical" }],
        prediction: { name: "p", type: "numerical" },
        input: { format: "json" },
        window: { size: "10s", earlyFiringEvery: "1s" },
        statistics: { correlation: false },
        drift: { metrics: [{ name: "ks" }], minSamples: 1 },
        source: { kind: "testStream", path: writeJsonLines("s.jsonl", SCRIPT) },
        baseline,
      },
      dir,
    );
    results = (await monitorResults(spec)) as unknown as Record<string, Pane[]>;
  });

  it("writes the statistics of x as two EARLY panes, then the ON_TIME final one, each restating the window", () => {
    const panes = results.statistics
      .filter((r) => r.feature === "x")
      .map((r) => `${r.pane.timing} ${r.pane.index}${r.pane.final ? " final" : ""}: ${r.count}`);
    assert.deepStrictEqual(panes, ["EARLY 0: 2", "EARLY 1: 3", "ON_TIME 2 final: 4"]);
  });

  it("leaves a consumer that keeps the latest pane with the complete window, for statistics and drift", () => {
    for (const kind of ["statistics", "drift"]) {
      const latest = [...latestPanes(results[kind]).values()];
      assert.deepStrictEqual(
        latest.map((r) => [r.feature, r.pane.timing, r.pane.final, r.count ?? r.sampleSize]).sort(),
        [
          ["p", "ON_TIME", true, 4],
          ["x", "ON_TIME", true, 4],
        ],
        kind,
      );
    }
  });

  it("gives drift an EARLY verdict per EARLY statistics pane, on the values seen so far", () => {
    // The drift regrouping fires 1 s of processing time after its first upstream pane: statistics' EARLY 0
    // (1 000) → drift EARLY 0 at 2 000, before statistics' EARLY 1 (2 500), whose drift pane is due at 3 500:
    // the end of the stream advances the clock past it before the watermark closes the window.
    const panes = results.drift
      .filter((r) => r.feature === "x")
      .map((r) => `${r.pane.timing} ${r.pane.index}${r.pane.final ? " final" : ""}: ${r.sampleSize}`);
    assert.deepStrictEqual(panes, ["EARLY 0: 2", "EARLY 1: 3", "ON_TIME 2 final: 4"]);
  });
});
