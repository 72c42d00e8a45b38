import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { SimulatedClock } from "../../runners/direct/clock";
import { TestStreamDriver } from "../../runners/direct/sources/test_stream_driver";
import { testStreamStep } from "../../transforms/io/sources/test_stream_script";
import { temporaryDirectory } from "./support/keyed_pipeline";

const LIMITS = { maxElements: 100, maxWaitMs: 0 };

describe("testStream scripts", () => {
  it("turns an event line into a RawEvent carrying the event as JSON, its timestamp and its place", () => {
    assert.deepStrictEqual(
      testStreamStep('{"event": {"model": "iris"}, "timestampMs": 1500}', "s.jsonl", 3),
      {
        kind: "event",
        event: {
          value: '{"model":"iris"}',
          headers: {},
          timestampMs: 1500,
          origin: { file: "s.jsonl", line: 3 },
        },
        timestampMs: 1500,
        partition: "0",
      },
    );
  });

  it("rejects malformed lines, naming file and line", () => {
    const problems: [string, RegExp][] = [
      ["{not json", /s\.jsonl:7: not JSON/],
      ["[1]", /s\.jsonl:7: not a JSON object/],
      [
        '{"watermarkMs": 1, "processingTimeMs": 2}',
        /exactly one of event, watermarkMs, processingTimeMs, got watermarkMs, processingTimeMs/,
      ],
      ['{"event": {}}', /timestampMs must be an integer number of ms, got undefined/],
      ['{"watermarkMs": 1.5}', /watermarkMs must be an integer/],
    ];
    for (const [line, message] of problems) assert.throws(() => testStreamStep(line, "s.jsonl", 7), message);
  });

  it("ends a bundle at each control line and refuses to move the watermark or clock back", async () => {
    const file = path.join(temporaryDirectory(), "backwards.jsonl");
    const lines = [
      { event: {}, timestampMs: 10 },
      { watermarkMs: 100 },
      { processingTimeMs: 50 },
      { watermarkMs: 99 },
    ];
    fs.writeFileSync(file, lines.map((line) => JSON.stringify(line)).join("\n"));
    const clock = new SimulatedClock();
    const driver = new TestStreamDriver(file, clock, 60_000);
    const first = await driver.nextBundle(LIMITS);
    assert.deepStrictEqual([first.elements.length, first.arrivalTimeMs, first.watermarkMs], [1, 0, 100]);
    const second = await driver.nextBundle(LIMITS);
    assert.deepStrictEqual([second.elements.length, second.arrivalTimeMs, clock.nowMs()], [0, 0, 50]);
    await assert.rejects(
      driver.nextBundle(LIMITS),
      /backwards\.jsonl:4: watermarkMs 99 is behind the previous 100/,
    );
  });
});
