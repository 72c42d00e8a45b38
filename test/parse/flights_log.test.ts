import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadSpec } from "../../pipelines/spec/load_spec";
import type { InferenceRecord } from "../../transforms/parse/inference_record";
import { parseEvent } from "../../transforms/parse/parse_event";
import { recordedLineEvent } from "../../transforms/parse/recorded_log";
import { NOW_MS } from "./events";

const EXAMPLE_DIR = path.resolve(__dirname, "../../../examples/flights");

describe("the flights example's recorded log, with its own spec", () => {
  it("parses every line to records, a response record for every request record", () => {
    const spec = loadSpec(path.join(EXAMPLE_DIR, "monitor.yaml"));
    const source = spec.source;
    if (source.kind !== "file") assert.fail(`the example replays a file, not ${source.kind}`);
    const lines = fs.readFileSync(source.path, "utf8").split("\n");
    const records: InferenceRecord[] = [];
    lines.forEach((text, i) => {
      const event = recordedLineEvent(text, { file: source.path, line: i + 1 }, NOW_MS);
      if (event === undefined) return;
      assert.ok(!("kind" in event), `line ${i + 1}: ${JSON.stringify(event)}`);
      const result = parseEvent(event, spec, NOW_MS);
      assert.deepStrictEqual(result.deadLetters, [], `line ${i + 1}`);
      records.push(...result.records);
    });

    // The first line is the request of the first exchange: its instances, in order, at its record timestamp.
    const firstLine = JSON.parse(lines[0]);
    const firstId = firstLine.headers[firstLine.headers.indexOf("ce_id") + 1];
    const firstRequest = records.filter((r) => r.requestId === firstId && r.part === "request");
    assert.deepStrictEqual(
      firstRequest.map((r) => [r.instance, r.eventTimeMs, Object.values(r.features)]),
      JSON.parse(firstLine.payload).instances.map((row: unknown[], i: number) => [i, firstLine.ts, row]),
    );

    const key = (r: InferenceRecord) => `${r.requestId}#${r.instance}`;
    const requests = records.filter((r) => r.part === "request").map(key);
    const responses = records.filter((r) => r.part === "response").map(key);
    assert.ok(requests.length > 1000);
    assert.deepStrictEqual([...responses].sort(), [...requests].sort());
    assert.ok(records.every((r) => r.model === "flight-delay"));
    assert.ok(
      records.filter((r) => r.part === "response").every((r) => typeof r.prediction === "number"),
      "every response carries the predicted delay",
    );
  });
});
