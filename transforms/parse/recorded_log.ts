import { deadLetter, describeValue, expectParseProblem, parseProblem } from "./dead_letter";
import type { DeadLetter } from "./inference_record";
import { isJsonObject, parseJsonText } from "./json_text";
import type { RawEvent } from "./raw_event";

/** Where a recorded line is: its file and 1-based line number. */
export interface LineOrigin {
  file: string;
  line: number;
}

const BYTE_ORDER_MARK = /^\uFEFF/;
const KCAT_RECORD_FIELDS = ["topic", "partition", "offset"];
/** Kafka's "no timestamp" (RecordBatch.NO_TIMESTAMP). */
const NO_TIMESTAMP = -1;

/**
 * One line of a recorded inference log (JSON lines) as an event; undefined
 * for a blank line. A line is either
 *
 * - a Kafka record as `kcat -C -J` prints it — `{"topic", "partition",
 *   "offset", "tstype", "ts", "broker", "headers": [name, value, …], "key",
 *   "payload"}` — so that a topic recorded with kcat replays locally with its
 *   headers (CloudEvent attributes) and record timestamps; or
 * - a bare event body: the message value itself, without headers or record
 *   timestamp.
 *
 * A line that is not JSON, or a kcat record without a usable payload,
 * headers or timestamp, is a dead letter.
 */
export function recordedLineEvent(
  text: string,
  origin: LineOrigin,
  nowMs: number,
): RawEvent | DeadLetter | undefined {
  if (text.trim() === "") return undefined;
  const body = text.replace(BYTE_ORDER_MARK, "");
  try {
    const line = parseJsonText(body, `line ${origin.line}`);
    return isKcatRecord(line) ? kcatRecordEvent(line, origin) : { value: body, headers: {}, origin };
  } catch (error) {
    return deadLetter(expectParseProblem(error), text, origin, nowMs);
  }
}

const isKcatRecord = (line: unknown): line is Record<string, unknown> =>
  isJsonObject(line) && KCAT_RECORD_FIELDS.every((field) => Object.hasOwn(line, field));

function kcatRecordEvent(record: Record<string, unknown>, origin: LineOrigin): RawEvent {
  const { payload, ts } = record;
  if (typeof payload !== "string") {
    const why = payload === null ? "null (a tombstone carries no event)" : describeValue(payload);
    throw parseProblem("bad-envelope", `kcat record payload is ${why}, not the message text`);
  }
  const event: RawEvent = { value: payload, headers: kcatHeaders(record.headers), origin };
  if (ts === undefined || ts === NO_TIMESTAMP) return event;
  if (!Number.isSafeInteger(ts) || (ts as number) < 0) {
    throw parseProblem("bad-envelope", `kcat record ts is ${describeValue(ts)}, not a timestamp in epoch ms`);
  }
  return { ...event, timestampMs: ts as number };
}

/** kcat prints headers as a flat [name, value, name, value, …] list; a null value (a header without one) is left out. */
function kcatHeaders(headers: unknown): Record<string, string> {
  const byName: Record<string, string> = {};
  if (headers === undefined) return byName;
  if (!Array.isArray(headers) || headers.length % 2 !== 0) {
    throw parseProblem(
      "bad-envelope",
      `kcat record headers are ${describeValue(headers)}, not [name, value, …]`,
    );
  }
  for (let i = 0; i < headers.length; i += 2) {
    const name: unknown = headers[i];
    const value: unknown = headers[i + 1];
    if (typeof name !== "string" || (value !== null && typeof value !== "string")) {
      throw parseProblem(
        "bad-envelope",
        `kcat record header ${i / 2} is ${describeValue([name, value])}, not a name and a text value`,
      );
    }
    if (value !== null) byName[name] = value;
  }
  return byName;
}
