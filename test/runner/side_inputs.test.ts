import * as beam from "apache-beam";
import * as combiners from "apache-beam/transforms/combiners";
import { combinePerKey } from "apache-beam/transforms/internal";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
import { MarkedSource } from "../../transforms/io/marked_source";
import { readSourceOnce } from "../../transforms/io/sources/read_source_once";
import { windowingFor } from "../../transforms/windowing/spec_windowing";
import type { RawEvent } from "../../transforms/parse/raw_event";
import { collectPanes, readCollected } from "./support/collect_panes";
import { type KeyedValue, temporaryDirectory } from "./support/keyed_pipeline";

const WINDOW = { sizeMs: 10_000, watermarkDelayMs: 0, allowedLatenessMs: 0 };

function writeScript(file: string, lines: object[]): string {
  fs.writeFileSync(file, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
  return file;
}

function testStream(root: beam.Root, file: string, name: string): beam.PCollection<KeyedValue> {
  const source = { kind: "testStream" as const, path: file };
  return root
    .apply(new MarkedSource<RawEvent>(source, readSourceOnce(source), name))
    .map(beam.withName(`${name}/keyedValue`, (raw: RawEvent) => JSON.parse(raw.value) as KeyedValue));
}

/**
 * Each main value times the side input's single value. (Not iterableSideInput:
 * in SDK 2.49 its view is a one-shot generator that the SDK caches for a
 * whole bundle, so only the first element of a bundle would see the values.)
 */
const scaledBySideInput = beam.withName(
  "scaleBySideInput",
  (element: KeyedValue, context: { factor: beam.SideInputParam<number, Iterable<number>, number> }) => ({
    key: element.key,
    value: element.value * context.factor.lookup(),
  }),
);

/** The sum of a PCollection in the global window, as a one-element PCollection. */
function total(values: beam.PCollection<number>): beam.PCollection<number> {
  return values
    .map(beam.withName("keyAll", (value: number) => ({ key: "all", value })))
    .apply(combinePerKey(combiners.sum))
    .map(beam.withName("dropKey", (kv: beam.KV<string, number>) => kv.value));
}

describe("side inputs across bundles", () => {
  const dir = temporaryDirectory();
  // Main input: key a, values 1, 2, 4 in window [0, 10 s) over three bundles; the third passes its end.
  const main = writeScript(path.join(dir, "main.jsonl"), [
    { event: { key: "a", value: 1 }, timestampMs: 1000 },
    { watermarkMs: 2000 },
    { event: { key: "a", value: 2 }, timestampMs: 2000 },
    { watermarkMs: 3000 },
    { event: { key: "a", value: 4 }, timestampMs: 3000 },
    { watermarkMs: 10_000 },
  ]);

  it("a bounded side input computed by a GroupByKey (the baseline's shape) is seen by main elements of every bundle", async () => {
    const out = path.join(dir, "bounded_side.jsonl");
    await eventTimeDirectRunner().run((root) => {
      const factor = root.apply(beam.create([10, 20])).apply(total);
      testStream(root, main, "main")
        .map(scaledBySideInput, { factor: beam.singletonSideInput<number>(factor) })
        .apply(windowingFor<KeyedValue>(WINDOW).windowing)
        .apply(combinePerKey(combiners.sum))
        .apply(collectPanes(out));
    });
    // (1 + 2 + 4) × (10 + 20) = 210.
    assert.deepStrictEqual(
      readCollected(out).map((pane) => [pane.window, pane.value, pane.timing]),
      [[[0, 10_000], 210, "ON_TIME"]],
    );
  });

  it("holds main elements until a side input read from a slower source is complete, without making them late", async () => {
    // The side source ends only after four bundles; the main source passes the window end in its third.
    const sideScript = writeScript(path.join(dir, "side.jsonl"), [
      { event: { key: "s", value: 3 }, timestampMs: 0 },
      { watermarkMs: 1 },
      { watermarkMs: 2 },
      { event: { key: "s", value: 5 }, timestampMs: 0 },
      { watermarkMs: 3 },
      { watermarkMs: 4 },
    ]);
    const out = path.join(dir, "slow_side.jsonl");
    const panesAfterBundle: number[] = [];
    const runner = eventTimeDirectRunner({
      onBundleFinished: ({ index }) => (panesAfterBundle[index] = readCollected(out).length),
    });
    const result = await runner.run((root) => {
      const factor = testStream(root, sideScript, "sideSource")
        .map(beam.withName("sideValue", (kv: KeyedValue) => kv.value))
        .apply(total);
      testStream(root, main, "mainSource")
        .map(scaledBySideInput, { factor: beam.singletonSideInput<number>(factor) })
        .apply(windowingFor<KeyedValue>(WINDOW).windowing)
        .apply(combinePerKey(combiners.sum))
        .apply(collectPanes(out));
    });
    // (1 + 2 + 4) × (3 + 5) = 56, one ON_TIME pane, emitted in the side source's last bundle (index 4), not before.
    assert.deepStrictEqual(
      readCollected(out).map((pane) => [pane.window, pane.value, pane.timing, pane.isLast]),
      [[[0, 10_000], 56, "ON_TIME", true]],
    );
    assert.deepStrictEqual(panesAfterBundle, [0, 0, 0, 0, 1]);
    assert.strictEqual((await result.counters()).droppedLate, 0);
  });
});
