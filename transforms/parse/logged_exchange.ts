import type { EventContent } from "./cloud_event";
import type { EventOwnTime } from "./event_time";
import type { ExchangePart } from "./inference_record";
import type { ParseSpec } from "./parse_spec";
import type { ValuePath } from "./value_path";

/** One instance of an exchange, before its values are typed: what a spec path finds in it (undefined: nothing). */
export interface LoggedInstance {
  index: number;
  valueAt(path: ValuePath): unknown;
}

/**
 * What every input format reduces an event to: one half (or both halves) of
 * an inference exchange, its instances, and where its event time can come
 * from. `exchange_records.ts` turns it into records the same way for all.
 */
export interface LoggedExchange {
  requestId: string;
  part: ExchangePart;
  instances: LoggedInstance[];
  ownTime?: EventOwnTime;
  /** Where the spec's event-time field path is looked up. */
  timeScope: unknown;
  /** Which part of the event this is, when the event holds several exchanges ("instance 3"), for dead-letter details. */
  within?: string;
}

/** What a format reader may use besides the event's content. */
export interface ReadContext {
  spec: ParseSpec;
  /** The request id for an event that carries none (see request_id.ts). */
  originId: string;
}

/** A format's reading of an event; throws ParseProblem when the event cannot be read. */
export type ExchangeReader = (content: EventContent, context: ReadContext) => LoggedExchange[];
