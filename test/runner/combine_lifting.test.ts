import * as beam from "apache-beam";
import * as combiners from "apache-beam/transforms/combiners";
import type { CombineFn } from "apache-beam/transforms/group_and_combine";
import { combinePerKey } from "apache-beam/transforms/internal";
import { Pipeline } from "apache-beam/internal/pipeline";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
import {
  DIRECT_COMBINE_PER_KEY_URN,
  DIRECT_GROUP_BY_KEY_URN,
} from "../../runners/direct/operators/operator_urns";
import { planExecution } from "../../runners/direct/plan/plan_execution";
import { MarkedSource } from "../../transforms/io/marked_source";
import { readSourceOnce } from "../../transforms/io/sources/read_source_once";
import { windowingFor } from "../../transforms/windowing/spec_windowing";
import type { RawEvent } from "../../transforms/parse/raw_event";
import { collectPanes, readCollected } from "./support/collect_panes";
import type { KeyedValue } from "./support/keyed_pipeline";
import { temporaryDirectory } from "./support/keyed_pipeline";

interface CountedSum {
  sum: number;
  merges: number;
}

/**
 * A sum that counts the mergeAccumulators calls behind its result, and fails
 * unless it is given an array of accumulators of its own shape (an SDK
 * combine path that passes anything else would throw here).
 */
const countedSum: CombineFn<number, CountedSum, CountedSum> = {
  createAccumulator: () => ({ sum: 0, merges: 0 }),
  addInput: (accumulator: CountedSum, value: number) => ({
    sum: accumulator.sum + value,
    merges: accumulator.merges,
  }),
  mergeAccumulators: (accumulators: Iterable<CountedSum>) => {
    if (!Array.isArray(accumulators))
      throw new Error(`mergeAccumulators got ${typeof accumulators}, not an array`);
    for (const accumulator of accumulators) {
      if (typeof accumulator.sum !== "number")
        throw new Error(`not an accumulator: ${JSON.stringify(accumulator)}`);
    }
    return accumulators.reduce(
      (merged, next) => ({ sum: merged.sum + next.sum, merges: merged.merges + next.merges }),
      {
        sum: 0,
        merges: 1,
      },
    );
  },
  extractOutput: (accumulator: CountedSum) => accumulator,
};

// One window [0, 10 s) of key a, its 6 values (1..6, sum 21) spread over 3 bundles of 2, 3 and 1.
const SCRIPT = [
  { event: { key: "a", value: 1 }, timestampMs: 1000 },
  { event: { key: "a", value: 2 }, timestampMs: 2000 },
  { processingTimeMs: 1 },
  { event: { key: "a", value: 3 }, timestampMs: 3000 },
  { event: { key: "a", value: 4 }, timestampMs: 4000 },
  { event: { key: "a", value: 5 }, timestampMs: 5000 },
  { processingTimeMs: 2 },
  { event: { key: "a", value: 6 }, timestampMs: 6000 },
];

function keyedWindowedValues(root: beam.Root, script: string) {
  const source = { kind: "testStream" as const, path: script };
  return root
    .apply(new MarkedSource<RawEvent>(source, readSourceOnce(source)))
    .map(beam.withName("keyedValue", (raw: RawEvent) => JSON.parse(raw.value) as KeyedValue))
    .apply(windowingFor<KeyedValue>({ sizeMs: 10_000, watermarkDelayMs: 0, allowedLatenessMs: 0 }).windowing);
}

describe("combiner lifting", () => {
  const dir = temporaryDirectory();
  const script = path.join(dir, "three_bundles.jsonl");
  fs.writeFileSync(script, SCRIPT.map((line) => JSON.stringify(line)).join("\n") + "\n");

  it("runs combinePerKey as one primitive: no GroupByKey buffers the inputs", () => {
    const pipeline = new Pipeline();
    keyedWindowedValues(new beam.Root(pipeline), script).apply(combinePerKey(countedSum));
    const urns = Object.values(planExecution(pipeline.getProto()).components.transforms).map(
      (t) => t.spec?.urn,
    );
    assert.strictEqual(urns.filter((urn) => urn === DIRECT_COMBINE_PER_KEY_URN).length, 1);
    assert.ok(!urns.includes(DIRECT_GROUP_BY_KEY_URN));
  });

  it("merges each bundle's partial accumulator into the window with one mergeAccumulators([window, partial]) call", async () => {
    const out = path.join(dir, "counted.jsonl");
    await eventTimeDirectRunner().run((root) => {
      keyedWindowedValues(root, script).apply(combinePerKey(countedSum)).apply(collectPanes(out));
    });
    const panes = readCollected(out);
    assert.deepStrictEqual(
      panes.map((pane) => pane.value),
      [{ sum: 21, merges: 3 }],
    );
  });

  it("gives the SDK's own CombineFns (whose merges use Array.reduce) exact results across bundles", async () => {
    const out = path.join(dir, "sdk_combiners.jsonl");
    await eventTimeDirectRunner().run((root) => {
      const values = keyedWindowedValues(root, script);
      values
        .apply(beam.withName("mean", combinePerKey(combiners.mean)))
        .apply(beam.withName("collectMean", collectPanes(out)));
      values
        .apply(beam.withName("max", combinePerKey(combiners.max)))
        .apply(beam.withName("collectMax", collectPanes(out)));
      values
        .apply(beam.withName("count", combinePerKey(combiners.count)))
        .apply(beam.withName("collectCount", collectPanes(out)));
    });
    // 1..6: mean 21 / 6 = 3.5, max 6, count 6.
    assert.deepStrictEqual(
      readCollected(out)
        .map((pane) => pane.value)
        .sort(),
      [3.5, 6, 6],
    );
  });

  it("runs groupBy(...).combining(...) (the SDK's multi-CombineFn path) across bundles", async () => {
    const out = path.join(dir, "grouped.jsonl");
    await eventTimeDirectRunner().run((root) => {
      keyedWindowedValues(root, script)
        .apply(
          beam
            .groupBy((element: KeyedValue) => element.key)
            .combining((element: KeyedValue) => element.value, combiners.sum, "total")
            .combining((element: KeyedValue) => element.value, combiners.min, "smallest"),
        )
        .map(
          beam.withName("asKv", (row: { key: string; total: number; smallest: number }) => ({
            key: "a",
            value: row,
          })),
        )
        .apply(collectPanes(out));
    });
    assert.deepStrictEqual(
      readCollected(out).map((pane) => pane.value),
      [{ key: "a", total: 21, smallest: 1 }],
    );
  });
});
