import * as assert from "assert";
import "apache-beam";
import { deserializeFn, serializeFn } from "apache-beam/internal/serialize";
import type { ParseResult } from "../../transforms/parse/event_decoder";
import { parseEvent } from "../../transforms/parse/parse_event";
import type { ParseSpec } from "../../transforms/parse/parse_spec";
import { recordedLineEvent } from "../../transforms/parse/recorded_log";
import { NOW_MS, REQUEST_TYPE, RESPONSE_TYPE, irisSpec, kserveHeaders } from "./events";

/** What a DoFn over recorded lines would do: line → event → records and dead letters. */
function parseLine(spec: ParseSpec) {
  return (text: string): ParseResult | undefined => {
    const event = recordedLineEvent(text, { file: "log.jsonl", line: 1 }, NOW_MS);
    if (event === undefined || "kind" in event) return event && { records: [], deadLetters: [event] };
    return parseEvent(event, spec, NOW_MS);
  };
}

const kcatLine = (type: string, body: unknown) =>
  JSON.stringify({
    topic: "t",
    partition: 0,
    offset: 1,
    ts: 1767225603458,
    headers: Object.entries(kserveHeaders(type, "id-1")).flat(),
    payload: JSON.stringify(body),
  });
const oipRequest = {
  inputs: [{ name: "input-0", shape: [1, 4], datatype: "FP32", data: [[6.8, 2.8, 4.8, 1.4]] }],
};
const structured = {
  specversion: "1.0",
  id: "c",
  type: RESPONSE_TYPE,
  time: "2026-01-01T00:00:00Z",
  data_base64: Buffer.from('{"predictions":[1]}').toString("base64"),
};

/** Lines that between them reach every decoder, CloudEvent mode, lookup and dead-letter path. */
const CASES: [ParseSpec, string][] = [
  [
    irisSpec("kserve"),
    kcatLine(REQUEST_TYPE, {
      instances: [
        [6.8, 2.8, 4.8, 1.4],
        [6.0, "x", 4.5, 1.6],
      ],
    }),
  ],
  [irisSpec("kserve"), kcatLine(RESPONSE_TYPE, { predictions: [1, 2] })],
  [irisSpec("kserve"), JSON.stringify(structured)],
  [
    { ...irisSpec("oip"), features: [{ name: "sepal_width", type: "numerical", path: "input-0[1]" }] },
    kcatLine(REQUEST_TYPE, oipRequest),
  ],
  [
    irisSpec("seed"),
    JSON.stringify({
      type: "request",
      id: "s",
      time: 1600000000.123,
      payload: { instances: [[1, 2, 3, 4]] },
    }),
  ],
  [irisSpec("json", "at"), JSON.stringify([{ id: "j", at: "2026-01-01T00:00:00.5+01:00", "0": 1 }])],
  [irisSpec("kserve"), '{"truncated": '],
  [irisSpec("kserve"), JSON.stringify({ topic: "t", partition: 0, offset: 1, payload: null })],
];

describe("parsing inside a Beam DoFn (closure serialization)", () => {
  it("gives the same records and dead letters after Beam serializes and restores the parse functions", () => {
    for (const [spec, line] of CASES) {
      const direct = parseLine(spec);
      const restored = deserializeFn(serializeFn({ direct })).direct as typeof direct;
      assert.notStrictEqual(restored, direct);
      const expected = direct(line);
      assert.ok(expected !== undefined && expected.records.length + expected.deadLetters.length > 0, line);
      assert.deepStrictEqual(restored(line), expected, line);
    }
  });
});
