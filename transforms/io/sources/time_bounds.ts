import Long from "long";

/**
 * Beam's bounds on event time in epoch ms (BoundedWindow.TIMESTAMP_MIN_VALUE /
 * TIMESTAMP_MAX_VALUE = ±(2^63 − 1) / 1000). An element with no event time
 * carries the minimum; watermarks are plain numbers, −∞ before a source has
 * said anything and +∞ once it has ended, which compare correctly with both.
 */
const MIN_TIMESTAMP = Long.fromString("-9223372036854775");

/** The Beam timestamp of an element: its event time, or the minimum when it has none. */
export function elementTimestamp(timestampMs: number | undefined): Long {
  return timestampMs === undefined ? MIN_TIMESTAMP : Long.fromNumber(timestampMs);
}
