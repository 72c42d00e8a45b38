import { isAdmissibleEventTime, maxFutureSkewMs } from "../../parse/event_time";
import { parseEvent } from "../../parse/parse_event";
import type { ParseSpec } from "../../parse/parse_spec";
import type { RawEvent } from "../../parse/raw_event";

/**
 * What a source's watermark follows, carried with the source spec so that a
 * runner driving the source itself (our direct runner) agrees with the
 * pipeline's event time:
 *
 * - `maxFutureSkewMs`: times further ahead of the clock are ignored (parsing
 *   makes them `future-timestamp` dead letters), as are times outside the
 *   years 0001–9999 (`bad-timestamp`);
 * - `parse`: present when the spec takes event time from a field
 *   (`input.eventTime: <path>`); the watermark then follows the parsed event
 *   times, not the Kafka record timestamps, which a producer may have stamped
 *   with its send time (on Kafka, windows by the field with a watermark by send
 *   time dropped nearly everything of a replayed topic as late).
 */
export interface WatermarkTimePolicy {
  maxFutureSkewMs: number;
  parse?: ParseSpec;
}

/** The policy of a spec's input: parsing only when the event time is a field. */
export function watermarkTimePolicy(spec: ParseSpec): WatermarkTimePolicy {
  const fromField = spec.input.eventTime !== "record-timestamp";
  return { maxFutureSkewMs: maxFutureSkewMs(spec.input), parse: fromField ? spec : undefined };
}

/**
 * The time an event moves its partition's watermark to, or undefined when it must not move it: a
 * record without a timestamp, an event whose parse gives no record (a dead letter), a time
 * outside the admissible range. Under no policy, the record timestamp as it is.
 */
export function watermarkTimeMs(
  event: RawEvent,
  recordTimestampMs: number | undefined,
  nowMs: number,
  policy: WatermarkTimePolicy | undefined,
): number | undefined {
  if (policy === undefined) return recordTimestampMs;
  const timeMs =
    policy.parse === undefined
      ? recordTimestampMs
      : parseEvent(event, policy.parse, nowMs).records[0]?.eventTimeMs;
  return timeMs !== undefined && isAdmissibleEventTime(timeMs, nowMs, policy.maxFutureSkewMs)
    ? timeMs
    : undefined;
}
