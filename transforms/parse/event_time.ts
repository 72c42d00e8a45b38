import { describeValue, parseProblem } from "./dead_letter";
import { epochMsOfIso8601 } from "./iso_8601";
import { valueAtPath } from "./value_path";

/** The spec's `input.eventTime` value that selects the Kafka record timestamp. */
const RECORD_TIMESTAMP = "record-timestamp";

/**
 * The event times a job accepts: years 0001 to 9999, the four-digit years of ISO 8601. A JavaScript
 * Date holds ±8.64e15 ms, but a window's label is its start and end (plus the watermark-delay
 * shift) as ISO text: a time near that limit made `new Date(end)` throw in the sink, on every
 * restart. Outside this range an event is a `bad-timestamp` dead letter.
 */
const MIN_EVENT_TIME_MS = -62_135_596_800_000; // 0001-01-01T00:00:00.000Z
const MAX_EVENT_TIME_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** `input.maxFutureSkew` when the spec leaves it out: producers' clocks drift by seconds, not minutes. */
const DEFAULT_MAX_FUTURE_SKEW_MS = 5 * 60_000;

/** How far ahead of the clock the spec lets an event time be (`input.maxFutureSkew`). */
export function maxFutureSkewMs(input: { maxFutureSkew?: number }): number {
  return input.maxFutureSkew ?? DEFAULT_MAX_FUTURE_SKEW_MS;
}

/** A time the event carries about itself (CloudEvent `time`, the seed format's `time`), read when there is no record timestamp. */
export interface EventOwnTime {
  /** How a detail names it: "CloudEvent time". */
  field: string;
  value: unknown;
  /** undefined when `value` is not a time. */
  epochMs: number | undefined;
}

/** Where an exchange's event time can come from. */
export interface TimeSources {
  recordTimestampMs?: number;
  ownTime?: EventOwnTime;
  /** The object a field path is looked up in: the body, the CloudEvent data, or one JSON record. */
  timeScope: unknown;
}

/**
 * The event time, per the spec's `input.eventTime`:
 *
 * - "record-timestamp": the Kafka record timestamp. A recorded bare body has
 *   none; then the event's own time, which a KServe logger pipeline copies
 *   into the record timestamp anyway. Neither → "missing-timestamp".
 * - otherwise a field path (dots for nesting) in the body. Its value may be
 *   epoch milliseconds (a number, or a string of digits as protobuf's JSON
 *   writes int64) or an ISO-8601 string (see iso_8601.ts). Missing or null →
 *   "missing-timestamp"; anything else → "bad-timestamp". Epoch seconds are
 *   not guessed from magnitude: a seconds field read as milliseconds would
 *   land in January 1970, so seconds need the record timestamp instead.
 *
 * Fractions of a millisecond are dropped (floor), as Beam timestamps are whole ms.
 */
export function eventTimeMs(eventTime: string, sources: TimeSources): number {
  if (eventTime === RECORD_TIMESTAMP) return recordTimeMs(sources);
  const value = valueAtPath(sources.timeScope, eventTime);
  if (value === undefined || value === null) {
    throw parseProblem("missing-timestamp", `the event has no event-time field "${eventTime}"`);
  }
  const epochMs = epochMsOfTimeField(value);
  if (epochMs === undefined || withinDateRange(epochMs) === undefined) {
    throw parseProblem(
      "bad-timestamp",
      `event-time field "${eventTime}" is ${describeValue(value)}, not epoch milliseconds or an ISO-8601 time ` +
        `of the years 0001–9999`,
    );
  }
  return epochMs;
}

function recordTimeMs({ recordTimestampMs, ownTime }: TimeSources): number {
  if (recordTimestampMs !== undefined) {
    const epochMs = withinDateRange(recordTimestampMs);
    if (epochMs === undefined) {
      throw parseProblem(
        "bad-timestamp",
        `record timestamp ${recordTimestampMs} is not an epoch-ms time of the years 0001–9999`,
      );
    }
    return epochMs;
  }
  if (ownTime === undefined) {
    throw parseProblem(
      "missing-timestamp",
      "the record has no timestamp and the event no time of its own (CloudEvent time, seed time)",
    );
  }
  if (ownTime.epochMs === undefined || withinDateRange(ownTime.epochMs) === undefined) {
    throw parseProblem(
      "bad-timestamp",
      `${ownTime.field} ${describeValue(ownTime.value)} is not a time of the years 0001–9999`,
    );
  }
  return ownTime.epochMs;
}

const EPOCH_MS_TEXT = /^-?\d+$/;

/** Epoch ms of an event-time field value (epoch-ms number or digit string, or ISO-8601), or undefined. */
function epochMsOfTimeField(value: unknown): number | undefined {
  if (typeof value === "number") return withinDateRange(value);
  if (typeof value !== "string") return undefined;
  return EPOCH_MS_TEXT.test(value) ? withinDateRange(Number(value)) : epochMsOfIso8601(value);
}

/** Whole epoch ms, or undefined when the number is not finite or outside the years 0001–9999. */
export function withinDateRange(epochMs: number): number | undefined {
  return Number.isFinite(epochMs) && epochMs >= MIN_EVENT_TIME_MS && epochMs <= MAX_EVENT_TIME_MS
    ? Math.floor(epochMs)
    : undefined;
}

/**
 * An event time the watermark may follow: within the years 0001–9999 and at most `maxFutureSkewMs`
 * ahead of `nowMs`. Sources observe only these, and parsing makes the others dead letters
 * (`bad-timestamp`, `future-timestamp`), so no single event can move the watermark beyond the
 * clock and make what follows late.
 */
export function isAdmissibleEventTime(epochMs: number, nowMs: number, maxFutureSkewMs: number): boolean {
  return withinDateRange(epochMs) !== undefined && epochMs <= nowMs + maxFutureSkewMs;
}
