/**
 * Event time of the replayed stream. Flights span weeks; the replay should
 * take minutes. A flight's departure time t maps linearly onto the stream as
 *
 *   streamMs = STREAM_EPOCH_MS + (t − periodStartMs) / TIME_COMPRESSION
 *
 * with TIME_COMPRESSION = 1440, so 1 day of flights = 60 s of event time and
 * 1 hour = 2.5 s; the serving period's first midnight lands on the epoch.
 */
export const TIME_COMPRESSION = 1440;
export const STREAM_EPOCH_MS = Date.UTC(2026, 0, 1);

export function toStreamTimeMs(flightTimeMs: number, periodStartMs: number): number {
  return STREAM_EPOCH_MS + Math.round((flightTimeMs - periodStartMs) / TIME_COMPRESSION);
}
