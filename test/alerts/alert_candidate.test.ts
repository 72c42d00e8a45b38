import * as assert from "assert";
import {
  type AlertCandidate,
  consecutiveAlert,
  driftCandidate,
  outlierRateCandidate,
  severityOf,
} from "../../transforms/alerts/alert_candidate";
import type { DriftRecord } from "../../transforms/drift/drift_record";

const WINDOW = { start: "2026-01-01T00:00:10.000Z", end: "2026-01-01T00:00:20.000Z" };

function driftRecord(fields: Partial<DriftRecord>): DriftRecord {
  return {
    kind: "drift",
    model: "m",
    role: "feature",
    feature: "x",
    window: WINDOW,
    pane: { timing: "ON_TIME", index: 0, final: true },
    metric: "ks",
    value: 0.5,
    threshold: 0.05,
    drifted: true,
    sampleSize: 40,
    emittedAt: "2026-01-01T00:00:21.000Z",
    ...fields,
  } as DriftRecord;
}

describe("alert candidates: severity, evidence and continuation, by hand", () => {
  it("severity of a distance or rate: critical from value / threshold = criticalFactor on", () => {
    // 0.75 / 0.25 = 3 exactly: critical at factor 3 (≥), warning at 3.5; 0.5 / 0.25 = 2: warning at 3.
    assert.strictEqual(severityOf({ value: 0.75, threshold: 0.25 }, 3), "critical");
    assert.strictEqual(severityOf({ value: 0.75, threshold: 0.25 }, 3.5), "warning");
    assert.strictEqual(severityOf({ value: 0.5, threshold: 0.25 }, 3), "warning");
  });

  it("severity of a test: ln p / ln α, not the statistic's value", () => {
    // ln 0.0001 / ln 0.1 = 4 (≥ 3: critical), though value / threshold = 0.01 / 0.1 = 0.1.
    assert.strictEqual(severityOf({ value: 0.01, pValue: 0.0001, threshold: 0.1 }, 3), "critical");
    // ln 0.01 / ln 0.1 = 2 (< 3: warning), though value / threshold = 0.5 / 0.1 = 5.
    assert.strictEqual(severityOf({ value: 0.5, pValue: 0.01, threshold: 0.1 }, 3), "warning");
  });

  it("a drift candidate's severity comes from the adjusted p-value when there is one", () => {
    // Raw p 0.0001: ln / ln 0.05 = 3.07 (critical at 2); adjusted 0.01: 1.54 (warning).
    const candidate = driftCandidate(driftRecord({ pValue: 0.0001, adjustedPValue: 0.01 }), 2);
    assert.strictEqual(candidate.severity, "warning");
    assert.strictEqual(driftCandidate(driftRecord({ pValue: 0.0001 }), 2).severity, "critical");
  });

  it("a drift candidate carries its evidence, p-values only when the record has them", () => {
    const test = driftCandidate(driftRecord({ pValue: 0.001, adjustedPValue: 0.002 }), 2);
    assert.deepStrictEqual(
      { ...test, evidence: test.evidence },
      {
        rule: "drift",
        feature: "x",
        window: WINDOW,
        windowEndMs: Date.parse(WINDOW.end),
        paneIndex: 0,
        fired: true,
        severity: "critical",
        evidence: {
          metric: "ks",
          value: 0.5,
          pValue: 0.001,
          adjustedPValue: 0.002,
          threshold: 0.05,
          sampleSize: 40,
        },
      },
    );
    const distance = driftCandidate(
      driftRecord({
        metric: "psi",
        value: 0.3,
        threshold: 0.25,
        drifted: false,
        pane: { timing: "LATE", index: 2, final: true },
      }),
      2,
    );
    assert.deepStrictEqual(distance.evidence, { metric: "psi", value: 0.3, threshold: 0.25, sampleSize: 40 });
    assert.deepStrictEqual([distance.fired, distance.severity, distance.paneIndex], [false, "warning", 2]);
  });

  it("an outlier-rate candidate fires above the rate from minInstances on; an empty window has rate 0", () => {
    const settings = { outlierRate: 0.2, minInstances: 4, criticalFactor: 3 };
    const fired = (instances: number, flagged: number) =>
      outlierRateCandidate({ instances, flagged }, WINDOW, 0, settings).fired;
    assert.deepStrictEqual(
      [fired(4, 1), fired(4, 2), fired(3, 3), fired(5, 1), fired(0, 0)],
      [true, true, false, false, false],
    );
    assert.deepStrictEqual(outlierRateCandidate({ instances: 0, flagged: 0 }, WINDOW, 1, settings).evidence, {
      metric: "outlier_rate",
      value: 0,
      threshold: 0.2,
      instances: 0,
      flagged: 0,
    });
  });

  it("continuation: the latest pane of the current window decides, the latest pane one slide before continues", () => {
    const candidate = (windowEndMs: number, paneIndex: number, fired: boolean): AlertCandidate => ({
      rule: "drift",
      feature: "x",
      window: WINDOW,
      windowEndMs,
      paneIndex,
      fired,
      severity: "warning",
      evidence: { metric: "ks", value: 0.5, threshold: 0.05 },
    });
    // Window ending at 30 s, slide 10 s: the previous one ends at 20 s.
    const previousFired = [candidate(20_000, 0, false), candidate(20_000, 1, true)];
    const currentFired = [candidate(30_000, 1, true), candidate(30_000, 0, false)];
    assert.deepStrictEqual(consecutiveAlert([...previousFired, ...currentFired], 30_000, 10_000), {
      candidate: currentFired[0],
      continuing: true,
    });
    // The previous window's latest pane did not fire (its earlier one did): new.
    const previousCleared = [candidate(20_000, 0, true), candidate(20_000, 1, false)];
    assert.strictEqual(
      consecutiveAlert([...previousCleared, ...currentFired], 30_000, 10_000)?.continuing,
      false,
    );
    // One window size (20 s) before is not one slide before.
    assert.strictEqual(
      consecutiveAlert([candidate(10_000, 0, true), ...currentFired], 30_000, 10_000)?.continuing,
      false,
    );
    // The current window's latest pane did not fire: no alert, whatever came before.
    const currentCleared = [candidate(30_000, 0, true), candidate(30_000, 1, false)];
    assert.strictEqual(consecutiveAlert([...previousFired, ...currentCleared], 30_000, 10_000), undefined);
    assert.strictEqual(consecutiveAlert(previousFired, 30_000, 10_000), undefined);
  });
});
