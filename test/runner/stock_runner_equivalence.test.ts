// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import { directRunner } from "apache-beam/runners/direct_runner";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
import type { WindowSpecMs } from "../../transforms/windowing/spec_windowing";
import type { CollectedPane } from "./support/collect_panes";
import { jitteredScript } from "./support/jittered_script";
import { type Aggregate, runKeyedPipeline, temporaryDirectory } from "./support/keyed_pipeline";

/** Results as `key window → value`, sorted. */
function results(panes: CollectedPane[]): string[] {
  return panes
    .map((pane) => `${pane.key} ${JSON.stringify(pane.window)} → ${JSON.stringify(pane.value)}`)
    .sort();
}

// 400 events 250 ms apart (100 s of event time), up to 2 s out of order, in bundles of 37.
const script = path.join(temporaryDirectory(), "jittered.jsonl");
fs.writeFileSync(script, jitteredScript(400, 250, 2000, 37));

/** Distinct (key, window) pairs of the script's events, counted here: each window that holds an event of its key. */
function keyWindowPairs(window: WindowSpecMs): number {
  const slideMs = window.slideMs ?? window.sizeMs;
  const pairs = new Set<string>();
  for (const line of fs.readFileSync(script, "utf8").trimEnd().split("\n")) {
    const step = JSON.parse(line) as { event?: { key: string }; timestampMs?: number };
    if (step.event === undefined) continue;
    const t = step.timestampMs!;
    // Windows [s, s + size) with s a multiple of the slide and s ≤ t < s + size.
    for (let start = Math.floor(t / slideMs) * slideMs; start > t - window.sizeMs; start -= slideMs)
      pairs.add(`${step.event.key} ${start}`);
  }
  return pairs.size;
}

const cases: { title: string; window: WindowSpecMs; aggregate: Aggregate }[] = [
  {
    title: "fixed 10 s windows, lifted sum, 3 s watermark delay",
    window: { sizeMs: 10_000, watermarkDelayMs: 3000, allowedLatenessMs: 0 },
    aggregate: "sum",
  },
  {
    title: "sliding 15 s / 5 s windows, GroupByKey, 2 s delay and 5 s lateness",
    window: { sizeMs: 15_000, slideMs: 5000, watermarkDelayMs: 2000, allowedLatenessMs: 5000 },
    aggregate: "values",
  },
];

describe("the same bounded pipeline on the event-time runner and on the SDK's stock direct runner", () => {
  for (const { title, window, aggregate } of cases) {
    it(`gives the same final result per key and window: ${title}`, async () => {
      const ours = await runKeyedPipeline(eventTimeDirectRunner(), script, window, aggregate);
      const stock = await runKeyedPipeline(directRunner(), script, window, aggregate);
      // The delay (3 s / 2 s) covers the 2 s of disorder: nothing is late, so both see every event.
      assert.strictEqual(ours.counters.droppedLate, 0);
      // The stock runner emits one pane per key and window (labelled first, not last: its PaneInfo is
      // mislabelled), ours a final pane per key and window.
      const ourFinals = results(ours.panes.filter((pane) => pane.isLast));
      assert.deepStrictEqual(ourFinals, results(stock.panes));
      // One final result per key and window that holds an event of that key.
      assert.strictEqual(ourFinals.length, keyWindowPairs(window));
    });
  }
});
