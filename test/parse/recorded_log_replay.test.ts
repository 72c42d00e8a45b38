import * as assert from "assert";
import type { DeadLetter, InferenceRecord } from "../../transforms/parse/inference_record";
import { parseEvent } from "../../transforms/parse/parse_event";
import { recordedLineEvent } from "../../transforms/parse/recorded_log";
import { NOW_MS, REQUEST_TYPE, RESPONSE_TYPE, irisSpec, kserveHeaders } from "./events";

const FILE = "iris-log.jsonl";
const START_MS = Date.UTC(2026, 0, 1);

/** Request k is line 2k + 1 and its response line 2k + 2, each a kcat record of a 2-instance exchange. */
function exchangeLines(exchanges: number): Record<string, unknown>[] {
  return Array.from({ length: exchanges }, (_, k) => {
    const timeMs = START_MS + k * 1000;
    const kcatRecord = (offset: number, type: string, body: unknown) => ({
      topic: "inference-log",
      partition: 0,
      offset,
      tstype: "create",
      ts: timeMs,
      broker: 0,
      headers: Object.entries(kserveHeaders(type, `exchange-${k}`, new Date(timeMs).toISOString())).flat(),
      key: null,
      payload: JSON.stringify(body),
    });
    return [
      kcatRecord(2 * k, REQUEST_TYPE, {
        instances: [
          [5 + k / 100, 3, 1.4, 0.2],
          [6.1, 2.8, 4.7, 1.2],
        ],
      }),
      kcatRecord(2 * k + 1, RESPONSE_TYPE, { predictions: [0, 1] }),
    ];
  }).flat();
}

/** The kcat record with one header set, or removed when `value` is undefined. */
function withHeader(record: Record<string, unknown>, name: string, value: string | undefined) {
  const flat = record.headers as string[];
  const headers: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) headers[flat[i]] = flat[i + 1];
  if (value === undefined) delete headers[name];
  else headers[name] = value;
  return { ...record, headers: Object.entries(headers).flat() };
}

/** Every line of a log through recordedLineEvent and parseEvent, as a file replay does. */
function replay(logText: string): { records: InferenceRecord[]; deadLetters: DeadLetter[] } {
  const records: InferenceRecord[] = [];
  const deadLetters: DeadLetter[] = [];
  logText.split("\n").forEach((text, i) => {
    const event = recordedLineEvent(text, { file: FILE, line: i + 1 }, NOW_MS);
    if (event === undefined) return;
    if ("kind" in event) {
      deadLetters.push(event);
      return;
    }
    const result = parseEvent(event, irisSpec("kserve"), NOW_MS);
    records.push(...result.records);
    deadLetters.push(...result.deadLetters);
  });
  return { records, deadLetters };
}

describe("replaying a recorded log with corrupted lines", () => {
  it("gives one dead letter per bad line, at its line number, and records for every other line", () => {
    const records = exchangeLines(50);
    const lines = records.map((record) => JSON.stringify(record));
    const corrupt = (line: number, change: (record: Record<string, unknown>) => unknown) => {
      lines[line - 1] = JSON.stringify(change(records[line - 1]));
    };
    lines[7 - 1] = lines[7 - 1].slice(0, 80);
    corrupt(20, (record) => ({ ...record, payload: null }));
    corrupt(33, (record) => withHeader(record, "ce_type", "org.kubeflow.serving.inference.explanation"));
    corrupt(46, (record) => ({ ...record, payload: '{"predictions": 3}' }));
    corrupt(59, (record) => ({
      ...record,
      payload: '{"instances": [[5, 3, 1.4, 0.2], [6.1, "n/a", 4.7, 1.2]]}',
    }));
    lines[72 - 1] = "";
    corrupt(85, (record) => withHeader({ ...record, ts: undefined }, "ce_time", undefined));
    corrupt(98, (record) => withHeader({ ...record, ts: undefined }, "ce_time", "in a moment"));

    const result = replay(lines.join("\n") + "\n");
    assert.deepStrictEqual(
      result.deadLetters.map((letter) => [(letter.source as { line: number }).line, letter.reason]),
      [
        [7, "bad-json"],
        [20, "bad-envelope"],
        [33, "unknown-event-type"],
        [46, "bad-shape"],
        [59, "non-numeric-value"],
        [85, "missing-timestamp"],
        [98, "bad-timestamp"],
      ],
    );
    assert.ok(result.deadLetters.every((letter) => (letter.source as { file: string }).file === FILE));
    // 100 lines − 7 bad − 1 blank = 92 lines of 2 instances each, plus the good instance of line 59.
    assert.strictEqual(result.records.length, 92 * 2 + 1);
    assert.deepStrictEqual(
      result.records.filter((r) => r.requestId === "exchange-29").map((r) => [r.part, r.instance]),
      [
        ["request", 0],
        ["response", 0],
        ["response", 1],
      ],
    );
  });
});
