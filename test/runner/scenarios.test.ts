import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
import { type CollectedPane, readCollected } from "./support/collect_panes";
import { runKeyedPipeline, temporaryDirectory } from "./support/keyed_pipeline";
import { type ExpectedPane, type Scenario, readScenario } from "./support/scenario_file";

const SCENARIOS = path.join(__dirname, "../../../test/runner/scenarios");

/** A collected pane as a scenario states it, after checking what every pane must satisfy. */
function asExpected(pane: CollectedPane, windowShiftMs: number): ExpectedPane {
  const window = pane.window as [number, number];
  const start = window[0];
  const end = window[1];
  assert.strictEqual(pane.isFirst, pane.index === 0, `isFirst of ${JSON.stringify(pane)}`);
  // Output time END_OF_WINDOW: the last instant of the (shifted) Beam window.
  assert.strictEqual(pane.timestampMs, end + windowShiftMs - 1, `timestamp of ${JSON.stringify(pane)}`);
  return {
    key: pane.key as string,
    window: [start, end],
    value: pane.value as number | number[],
    timing: pane.timing as ExpectedPane["timing"],
    index: pane.index,
    onTimeIndex: pane.onTimeIndex,
    final: pane.isLast,
  };
}

const byWindowKeyIndex = (a: ExpectedPane, b: ExpectedPane) =>
  a.window[0] - b.window[0] || a.key.localeCompare(b.key) || a.index - b.index;

async function panesPerBundle(
  scenario: Scenario,
  logLines: string[],
): Promise<{ panes: ExpectedPane[][]; droppedLate: number }> {
  const dir = temporaryDirectory();
  const script = path.join(dir, "script.jsonl");
  const out = path.join(dir, "panes.jsonl");
  fs.writeFileSync(script, scenario.script);
  const panesAfterBundle: number[] = [];
  const runner = eventTimeDirectRunner({
    maxBundleSize: 1_000_000,
    idleTimeoutMs: scenario.idleTimeoutMs,
    log: (line) => logLines.push(line),
    onBundleFinished: ({ index }) => (panesAfterBundle[index] = readCollected(out).length),
  });
  const { panes, counters } = await runKeyedPipeline(
    runner,
    script,
    scenario.window,
    scenario.aggregate,
    out,
  );
  const shiftMs = scenario.window.watermarkDelayMs;
  const perBundle = panesAfterBundle.map((count, index) =>
    panes
      .slice(index === 0 ? 0 : panesAfterBundle[index - 1], count)
      .map((pane) => asExpected(pane, shiftMs))
      .sort(byWindowKeyIndex),
  );
  return { panes: perBundle, droppedLate: counters.droppedLate };
}

describe("event-time direct runner: Beam model scenarios (test/runner/scenarios)", () => {
  for (const file of fs
    .readdirSync(SCENARIOS)
    .filter((name) => name.endsWith(".jsonl"))
    .sort()) {
    const scenario = readScenario(path.join(SCENARIOS, file));
    it(`${file}: ${scenario.title}`, async () => {
      const logLines: string[] = [];
      const { panes, droppedLate } = await panesPerBundle(scenario, logLines);
      const expected = scenario.panesByBundle.map((bundle) => [...bundle].sort(byWindowKeyIndex));
      assert.strictEqual(
        panes.length,
        expected.length,
        "bundles: one per control line, plus the end of the stream",
      );
      panes.forEach((bundle, index) =>
        assert.deepStrictEqual(bundle, expected[index], `panes of bundle ${index}`),
      );
      assert.strictEqual(droppedLate, scenario.droppedLate, "droppedLate counter");
      for (const text of scenario.logContains) {
        assert.ok(
          logLines.some((line) => line.includes(text)),
          `log should contain ${text}:\n${logLines.join("\n")}`,
        );
      }
    });
  }
});
