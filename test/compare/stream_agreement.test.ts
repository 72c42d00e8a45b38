// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { buildBaselineProfile } from "../../pipelines/baseline/build_baseline_profile";
import { openTrainingData } from "../../pipelines/baseline/readers";
import { compareDataSets } from "../../pipelines/compare/compare_data_sets";
import { saveBaselineProfile } from "../../transforms/baseline/baseline_profile";
import { DRIFT_METRIC_NAMES } from "../../transforms/drift/registry";
import { monitorResults } from "../monitoring/monitor_run";
import { standardNormal, uniformSource } from "../statistics/random_data";
import { temporaryDirectory, testSpec, writeJsonLines } from "../statistics/beam/statistics_run";

const AIRPORTS = ["ATL", "BOS", "DFW", "LAX", "ORD", "SFO"];

/** Seeded rows of two numerical features (about 5 % missing) and a categorical one. */
function rows(n: number, seed: number, shift: number) {
  const uniform = uniformSource(seed);
  return Array.from({ length: n }, () => ({
    distance: uniform() < 0.05 ? null : Math.round(1000 + 400 * (standardNormal(uniform) + shift)),
    delay: Math.round(10 * standardNormal(uniform) + 5 * shift),
    origin: AIRPORTS[Math.min(5, Math.floor(6 * uniform() * uniform() + shift))],
  }));
}

const SPEC = {
  model: "flights",
  features: [
    { name: "distance", type: "numerical" },
    { name: "delay", type: "numerical" },
    { name: "origin", type: "categorical" },
  ],
  input: { format: "json" },
  window: { size: "60s" },
  // Every metric in the registry, on every feature it applies to (wasserstein needs a threshold in units).
  drift: {
    metrics: DRIFT_METRIC_NAMES.map((name) => (name === "wasserstein" ? { name, threshold: 20 } : { name })),
    correction: "benjamini_hochberg",
  },
};

describe("compare and the streaming job agree exactly on the same data", () => {
  it("gives the same drift verdicts for 180 records in one window as compare does for them as a file", async () => {
    const dir = temporaryDirectory();
    const reference = path.join(dir, "reference.jsonl");
    const current = path.join(dir, "current.jsonl");
    const currentRows = rows(180, 2, 0.3);
    fs.writeFileSync(
      reference,
      rows(500, 1, 0)
        .map((row) => JSON.stringify(row))
        .join("\n") + "\n",
    );
    fs.writeFileSync(current, currentRows.map((row) => JSON.stringify(row)).join("\n") + "\n");
    // The stream's baseline is what `model-monitor baseline` writes for the reference data.
    const baseline = path.join(dir, "baseline.json");
    const events = currentRows.map((row, i) => ({
      event: { id: `r${i}`, ...row },
      timestampMs: 1_000 + i * 100,
    }));
    const spec = testSpec(
      { ...SPEC, baseline, source: { kind: "testStream", path: writeJsonLines("current.jsonl", events) } },
      dir,
    );
    saveBaselineProfile(baseline, await buildBaselineProfile(spec, await openTrainingData(reference)));

    const streamed = (await monitorResults(spec)).drift.map((record) => {
      const {
        kind: _kind,
        model: _model,
        role: _role,
        window: _window,
        pane: _pane,
        emittedAt: _at,
        ...verdict
      } = record;
      return verdict;
    });
    const compared = await compareDataSets(
      spec,
      await openTrainingData(reference),
      await openTrainingData(current),
    );
    // JSON is what both leave the job as (an infinite distance becomes null in both).
    assert.deepStrictEqual(streamed, JSON.parse(JSON.stringify(compared.verdicts)));
    // 2 numerical features × 9 metrics + the categorical one × 6: every metric ran, and some drifted.
    assert.strictEqual(streamed.length, 24);
    assert.ok(streamed.some((verdict) => verdict.drifted === true));
    assert.ok(streamed.some((verdict) => verdict.drifted === false));
  });
});
