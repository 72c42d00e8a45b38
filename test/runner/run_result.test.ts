import * as beam from "apache-beam";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
import { MarkedSource } from "../../transforms/io/marked_source";
import { readSourceOnce } from "../../transforms/io/sources/read_source_once";
import type { SourceSpec } from "../../pipelines/spec/schema";
import type { RawEvent } from "../../transforms/parse/raw_event";
import { temporaryDirectory } from "./support/keyed_pipeline";

function writeLines(name: string, lines: object[]): string {
  const file = path.join(temporaryDirectory(), name);
  fs.writeFileSync(file, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
  return file;
}

const read = (source: SourceSpec) => (root: beam.Root) =>
  root.apply(new MarkedSource<RawEvent>(source, readSourceOnce(source)));

describe("the event-time runner's run and result", () => {
  it("reports metrics as totals over all bundles", async () => {
    const events = [1, 2, 3, 4, 5].map((n) => ({ event: { n }, timestampMs: n }));
    const script = writeLines("five.jsonl", [
      events[0],
      events[1],
      { watermarkMs: 2 },
      events[2],
      { watermarkMs: 3 },
      events[3],
      events[4],
    ]);
    const result = await eventTimeDirectRunner().run((root) => {
      read({ kind: "testStream", path: script })(root).map(
        beam.withName("countEvents", (raw: RawEvent, context: { seen: beam.Counter }) => {
          context.seen.increment();
          return raw;
        }),
        { seen: beam.counter("seen") },
      );
    });
    assert.deepStrictEqual(await result.counters(), { seen: 5 });
  });

  it("fails with the error a DoFn threw", async () => {
    const script = writeLines("one.jsonl", [{ event: {}, timestampMs: 0 }]);
    await assert.rejects(
      eventTimeDirectRunner().run((root) => {
        read({ kind: "testStream", path: script })(root).map(
          beam.withName("explode", () => {
            throw new Error("bad record");
          }),
        );
      }),
      /bad record/,
    );
  });

  it("keeps running a paced source until cancelled, then stops after the bundle in progress", async () => {
    // Two records a minute apart in event time, replayed at the original pace on the wall clock.
    const log = writeLines("paced.jsonl", [
      { topic: "t", partition: 0, offset: 0, ts: 0, headers: [], payload: "{}" },
      { topic: "t", partition: 0, offset: 1, ts: 60_000, headers: [], payload: "{}" },
    ]);
    const result = await eventTimeDirectRunner({ bundleIntervalMs: 20 }).runAsync(
      read({ kind: "file", path: log, replaySpeed: 1 }),
    );
    // The second record is 60 s of wall clock away: after 100 ms the job cannot have ended by itself.
    assert.strictEqual(await result.waitUntilFinish(100), JobState_Enum.RUNNING);
    result.cancel();
    // A bound for a loaded machine, not a speed claim: waitUntilFinish returns as soon as the job ends.
    assert.strictEqual(await result.waitUntilFinish(30_000), JobState_Enum.CANCELLED);
  });
});
