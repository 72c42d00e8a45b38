import * as beam from "apache-beam";
import { directRunner } from "apache-beam/runners/direct_runner";
import * as combiners from "apache-beam/transforms/combiners";
import { combinePerKey } from "apache-beam/transforms/internal";
import type { Runner } from "apache-beam/runners/runner";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { SimulatedClock } from "../../runners/direct/clock";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
import { MarkedSource } from "../../transforms/io/marked_source";
import { readSourceOnce } from "../../transforms/io/sources/read_source_once";
import { RecordedFileDriver } from "../../runners/direct/sources/recorded_file_driver";
import { windowingFor } from "../../transforms/windowing/spec_windowing";
import type { RawEvent } from "../../transforms/parse/raw_event";
import { collectPanes, readCollected } from "./support/collect_panes";
import { temporaryDirectory } from "./support/keyed_pipeline";

/** A Kafka record as `kcat -C -J` prints it. */
function kcatLine(partition: number, offset: number, ts: number, payload: object): string {
  return JSON.stringify({
    topic: "inference-log",
    partition,
    offset,
    tstype: "create",
    ts,
    broker: 0,
    headers: ["ce_id", `id-${offset}`],
    key: null,
    payload: JSON.stringify(payload),
  });
}

function writeLines(name: string, lines: string[]): string {
  const file = path.join(temporaryDirectory(), name);
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

describe("the file source (recorded inference logs)", () => {
  it("replays kcat records with their headers and timestamps, bare bodies without, bad lines as dead letters", async () => {
    const file = writeLines("mixed.jsonl", [
      kcatLine(0, 0, 1000, { n: 1 }),
      kcatLine(1, 0, 1500, { n: 2 }),
      '{"n": 3}',
      "{broken",
      kcatLine(0, 1, 3000, { n: 4 }),
      kcatLine(1, 1, 4000, { n: 5 }),
    ]);
    const driver = new RecordedFileDriver(file, 0, new SimulatedClock(), 60_000);
    const limits = { maxElements: 2, maxWaitMs: 100 };
    const first = await driver.nextBundle(limits);
    assert.deepStrictEqual(first.elements[0], {
      element: { value: '{"n":1}', headers: { ce_id: "id-0" }, timestampMs: 1000, origin: { file, line: 1 } },
      timestampMs: 1000,
    });
    assert.strictEqual(first.watermarkMs, 1000, "min over partitions 0 (1000) and 1 (1500)");
    const second = await driver.nextBundle(limits);
    assert.deepStrictEqual(second.elements[0], {
      element: { value: '{"n": 3}', headers: {}, origin: { file, line: 3 } },
      timestampMs: undefined,
    });
    const deadLetter = second.elements[1].element as { kind: string; reason: string; source: object };
    assert.deepStrictEqual(
      [deadLetter.kind, deadLetter.reason, deadLetter.source],
      ["deadletter", "bad-json", { file, line: 4 }],
    );
    assert.strictEqual(
      second.watermarkMs,
      1000,
      "lines without a record timestamp do not move the watermark",
    );
    const third = await driver.nextBundle(limits);
    assert.deepStrictEqual([third.elements.length, third.watermarkMs, third.exhausted], [2, 3000, false]);
    const end = await driver.nextBundle(limits);
    assert.deepStrictEqual([end.elements.length, end.watermarkMs, end.exhausted], [0, Infinity, true]);
  });

  it("keeps the watermark at −∞ for a file of bare bodies until it ends", async () => {
    const file = writeLines("bare.jsonl", ['{"n": 1}', '{"n": 2}']);
    const driver = new RecordedFileDriver(file, 0, new SimulatedClock(), 60_000);
    const bundle = await driver.nextBundle({ maxElements: 1, maxWaitMs: 100 });
    assert.strictEqual(bundle.watermarkMs, -Infinity);
  });

  it("paces records at replaySpeed times their event-time spacing by the clock", async () => {
    // Timestamps 1000, 3000, 5000 at speed 2: released at start + 0, + 1000 and + 2000 ms.
    const file = writeLines(
      "paced.jsonl",
      [1000, 3000, 5000].map((ts, i) => kcatLine(0, i, ts, { i })),
    );
    const clock = new SimulatedClock(100);
    const driver = new RecordedFileDriver(file, 2, clock, 60_000);
    const limits = { maxElements: 10, maxWaitMs: 600 };
    const arrivals: [number, number][] = [];
    for (let exhausted = false; !exhausted;) {
      const bundle = await driver.nextBundle(limits);
      arrivals.push([
        bundle.elements.length,
        bundle.elements.length > 0 ? bundle.arrivalTimeMs : clock.nowMs(),
      ]);
      exhausted = bundle.exhausted;
    }
    // Empty bundles when the next record is more than maxWaitMs away, so timers still fire meanwhile.
    assert.deepStrictEqual(arrivals, [
      [1, 100],
      [0, 700],
      [1, 1100],
      [0, 1700],
      [1, 2100],
    ]);
  });

  it("gives the same windows on the event-time runner and, through its inner expansion, on the stock runner", async () => {
    const timestamps = [1000, 2000, 9999, 10_000, 15_000, 31_000];
    const file = writeLines(
      "windows.jsonl",
      timestamps.map((ts, i) => kcatLine(i % 2, i, ts, { i })),
    );
    const source = { kind: "file" as const, path: file, replaySpeed: 0 };
    const countPerWindow = async (runner: Runner) => {
      const out = path.join(temporaryDirectory(), "counts.jsonl");
      await runner.run((root) => {
        root
          .apply(new MarkedSource<RawEvent>(source, readSourceOnce(source)))
          .map(beam.withName("oneKey", () => ({ key: "events", value: 1 })))
          .apply(windowingFor({ sizeMs: 10_000, watermarkDelayMs: 0, allowedLatenessMs: 0 }).windowing)
          .apply(combinePerKey(combiners.sum))
          .apply(collectPanes(out));
      });
      return readCollected(out)
        .map((pane) => `${JSON.stringify(pane.window)}: ${pane.value}`)
        .sort();
    };
    const expected = ["[0,10000]: 3", "[10000,20000]: 2", "[30000,40000]: 1"];
    assert.deepStrictEqual(await countPerWindow(eventTimeDirectRunner()), expected);
    assert.deepStrictEqual(await countPerWindow(directRunner()), expected);
  });
});
