import * as assert from "assert";
import type { DeadLetter } from "../../transforms/parse/inference_record";
import type { RawEvent } from "../../transforms/parse/raw_event";
import { recordedLineEvent } from "../../transforms/parse/recorded_log";
import {
  NOW_ISO,
  NOW_MS,
  REQUEST_TYPE,
  irisSpec,
  kafkaEvent,
  kserveHeaders,
  parse,
  recordsOf,
} from "./events";

const file = "recorded.jsonl";
const at = (line: number) => ({ file, line });

/** A line as `kcat -C -J -t inference-log` prints a KServe logger record (copied from a real run's shape). */
const KCAT_LINE =
  '{"topic":"inference-log","partition":0,"offset":0,"tstype":"create","ts":1767225603458,"broker":0,' +
  '"headers":["ce_id","5bbb68f8","ce_type","org.kubeflow.serving.inference.request","ce_time","2026-01-01T00:00:03.458Z",' +
  '"content-type","application/json"],"key":null,"payload":"{\\"instances\\":[[6.8,2.8,4.8,1.4]]}"}';

function eventOf(text: string, line = 1): RawEvent {
  const decoded = recordedLineEvent(text, at(line), NOW_MS);
  assert.ok(decoded !== undefined && !("kind" in decoded), `not an event: ${JSON.stringify(decoded)}`);
  return decoded;
}

function deadLetterOf(text: string, line = 1): DeadLetter {
  const decoded = recordedLineEvent(text, at(line), NOW_MS);
  assert.ok(decoded !== undefined && "kind" in decoded, `not a dead letter: ${JSON.stringify(decoded)}`);
  return decoded;
}

describe("recorded inference logs (JSON lines)", () => {
  it("reads a kcat -J record as its payload, headers and record timestamp", () => {
    assert.deepStrictEqual(eventOf(KCAT_LINE, 5), {
      value: '{"instances":[[6.8,2.8,4.8,1.4]]}',
      headers: {
        ce_id: "5bbb68f8",
        ce_type: REQUEST_TYPE,
        ce_time: "2026-01-01T00:00:03.458Z",
        "content-type": "application/json",
      },
      timestampMs: 1767225603458,
      origin: { file, line: 5 },
    });
  });

  it("replays a kcat record into the same records as the Kafka record it was", () => {
    const headers = kserveHeaders(REQUEST_TYPE, "5bbb68f8");
    const body = { instances: [[6.8, 2.8, 4.8, 1.4]] };
    const line = JSON.stringify({
      topic: "inference-log",
      partition: 0,
      offset: 0,
      tstype: "create",
      ts: 1767225603458,
      broker: 0,
      headers: Object.entries(headers).flat(),
      key: null,
      payload: JSON.stringify(body),
    });
    const spec = irisSpec("kserve");
    assert.deepStrictEqual(
      recordsOf(parse(eventOf(line), spec)),
      recordsOf(parse(kafkaEvent(body, headers, 1767225603458), spec)),
    );
  });

  it("leaves out what kcat omits or prints as null: no headers, no timestamp (absent or -1), null header values", () => {
    const bareRecord = { topic: "t", partition: 0, offset: 9, broker: 1, key: null, payload: "{}" };
    assert.deepStrictEqual(eventOf(JSON.stringify(bareRecord)), { value: "{}", headers: {}, origin: at(1) });
    const noTimestamp = { ...bareRecord, tstype: "create", ts: -1, headers: ["ce_id", "a", "trace", null] };
    assert.deepStrictEqual(eventOf(JSON.stringify(noTimestamp)), {
      value: "{}",
      headers: { ce_id: "a" },
      origin: at(1),
    });
  });

  it("reads any other JSON line as a bare body, without headers or timestamp", () => {
    const line = '{"type":"request","id":"a","time":1600000000,"payload":{"instances":[[1]]}}';
    assert.deepStrictEqual(eventOf(line, 2), { value: line, headers: {}, origin: at(2) });
  });

  it("skips blank lines and a UTF-8 byte order mark", () => {
    for (const blank of ["", "   ", "\t"])
      assert.strictEqual(recordedLineEvent(blank, at(1), NOW_MS), undefined);
    assert.deepStrictEqual(eventOf('\uFEFF{"a":1}'), { value: '{"a":1}', headers: {}, origin: at(1) });
  });

  it("makes a line that is not JSON a bad-json dead letter with the line, its number and the time", () => {
    const text = '{"topic":"inference-log","partition":0,"offset":3,"payload":"{\\"inst';
    const { detail, ...letter } = deadLetterOf(text, 12);
    assert.deepStrictEqual(letter, {
      kind: "deadletter",
      reason: "bad-json",
      source: at(12),
      raw: text,
      emittedAt: NOW_ISO,
    });
    // The rest of the detail is V8's own message, which differs between Node versions.
    assert.match(detail, /^line 12 is not JSON: \S/);
  });

  it("makes a kcat record without a usable payload, headers or timestamp a bad-envelope dead letter", () => {
    const record = JSON.parse(KCAT_LINE);
    const cases: [Record<string, unknown>, string][] = [
      [{ payload: null }, "kcat record payload is null (a tombstone carries no event), not the message text"],
      [{ payload: { instances: [] } }, 'kcat record payload is {"instances":[]}, not the message text'],
      [{ headers: ["ce_id"] }, 'kcat record headers are ["ce_id"], not [name, value, …]'],
      [{ headers: ["ce_id", 5] }, 'kcat record header 0 is ["ce_id",5], not a name and a text value'],
      [{ ts: "1767225603458" }, 'kcat record ts is "1767225603458", not a timestamp in epoch ms'],
      [{ ts: -5 }, "kcat record ts is -5, not a timestamp in epoch ms"],
    ];
    for (const [change, detail] of cases) {
      const text = JSON.stringify({ ...record, ...change });
      const letter = deadLetterOf(text, 4);
      assert.deepStrictEqual(
        [letter.reason, letter.detail, letter.source, letter.raw],
        ["bad-envelope", detail, at(4), text],
      );
    }
  });
});
