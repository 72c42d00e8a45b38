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

describe("aggregations in sequence", () => {
  it("a downstream window sees every upstream pane before its own watermark passes, in the same bundle", async () => {
    const dir = temporaryDirectory();
    const script = path.join(dir, "script.jsonl");
    const lines = [
      { event: { key: "a", value: 1 }, timestampMs: 1000 },
      { event: { key: "b", value: 2 }, timestampMs: 2000 },
      { watermarkMs: 5000 },
      { event: { key: "c", value: 4 }, timestampMs: 3000 },
      { watermarkMs: 10_000 },
    ];
    fs.writeFileSync(script, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
    const perKeyFile = path.join(dir, "per_key.jsonl");
    const totalFile = path.join(dir, "total.jsonl");
    const totalsAfterBundle: number[] = [];
    const source = { kind: "testStream" as const, path: script };
    await eventTimeDirectRunner({
      onBundleFinished: ({ index }) => (totalsAfterBundle[index] = readCollected(totalFile).length),
    }).run((root) => {
      const perKey = root
        .apply(new MarkedSource<RawEvent>(source, readSourceOnce(source)))
        .map(beam.withName("keyedValue", (raw: RawEvent) => JSON.parse(raw.value) as KeyedValue))
        .apply(
          windowingFor<KeyedValue>({ sizeMs: 10_000, watermarkDelayMs: 0, allowedLatenessMs: 0 }).windowing,
        )
        .apply(beam.withName("sumPerKey", combinePerKey(combiners.sum)));
      perKey.apply(beam.withName("collectPerKey", collectPanes(perKeyFile)));
      perKey
        .map(beam.withName("rekey", (kv: beam.KV<string, number>) => ({ key: "total", value: kv.value })))
        .apply(beam.withName("sumOfSums", combinePerKey(combiners.sum)))
        .apply(beam.withName("collectTotal", collectPanes(totalFile)));
    });
    assert.deepStrictEqual(
      readCollected(perKeyFile)
        .map((pane) => `${pane.key}=${pane.value} ${pane.timing}`)
        .sort(),
      ["a=1 ON_TIME", "b=2 ON_TIME", "c=4 ON_TIME"],
    );
    // One total over all three upstream panes, ON_TIME and final, in bundle 1 with them (bundle 2 is the end of input).
    assert.deepStrictEqual(
      readCollected(totalFile).map((pane) => [pane.key, pane.value, pane.timing, pane.isLast, pane.window]),
      [["total", 7, "ON_TIME", true, [0, 10_000]]],
    );
    assert.deepStrictEqual(totalsAfterBundle, [0, 1, 1]);
  });
});
