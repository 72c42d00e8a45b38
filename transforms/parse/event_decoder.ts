import { openCloudEvent } from "./cloud_event";
import { ParseProblem, deadLetter, isParseProblem, parseProblem } from "./dead_letter";
import { exchangeRecords } from "./exchange_records";
import type { DeadLetter, InferenceRecord } from "./inference_record";
import { parseJsonText } from "./json_text";
import type { ExchangeReader } from "./logged_exchange";
import type { ParseSpec } from "./parse_spec";
import type { RawEvent } from "./raw_event";
import { originId } from "./request_id";

export interface ParseResult {
  records: InferenceRecord[];
  deadLetters: DeadLetter[];
}

/** Turns one event into records and dead letters; never throws. */
export type EventDecoder = (event: RawEvent, spec: ParseSpec, nowMs: number) => ParseResult;

/**
 * A format's decoder: the steps every format shares around its reader —
 * parse the body's JSON, open the CloudEvent it may be, read the exchanges,
 * type their values — with every problem becoming a dead letter.
 */
export function eventDecoder(read: ExchangeReader): EventDecoder {
  return (event, spec, nowMs) => {
    try {
      const content = openCloudEvent(event.headers, parseJsonText(event.value, "message body"));
      const exchanges = read(content, { spec, originId: originId(event.origin) });
      // Most events are one exchange: its result as it is, without gathering.
      if (exchanges.length === 1) return exchangeRecords(exchanges[0], event, spec, nowMs);
      const results = exchanges.map((exchange) => exchangeRecords(exchange, event, spec, nowMs));
      return {
        records: results.flatMap((result) => result.records),
        deadLetters: results.flatMap((result) => result.deadLetters),
      };
    } catch (error) {
      return {
        records: [],
        deadLetters: [deadLetter(problemOfAnyError(error), event.value, event.origin, nowMs)],
      };
    }
  };
}

/**
 * A bug met by odd input (say a stack overflow on absurdly deep nesting) must
 * not stop the job either: the event becomes a dead letter whose detail says so.
 */
function problemOfAnyError(error: unknown): ParseProblem {
  if (isParseProblem(error)) return error;
  return parseProblem("bad-shape", `unexpected error while decoding: ${String(error)}`);
}
