import type * as beam from "apache-beam";
import { IntervalWindowCoder } from "apache-beam/coders/standard_coders";
import { FixedWindowsPayload, SlidingWindowsPayload } from "apache-beam/proto/standard_window_fns";
import { IntervalWindow } from "apache-beam/values";
import Long from "long";

/*
 * Fixed and sliding windows in whole milliseconds. The SDK's fixedWindows /
 * slidingWindows take seconds as floating-point numbers (1.001 s × 1000 is
 * 1000.999…, truncated to 1000 ms) and write whole seconds into the proto;
 * these keep every millisecond in both the assignment and the proto, which
 * other runners read.
 */

/** Windows [offset + k·size, offset + (k+1)·size). */
export function fixedWindowsMs(sizeMs: number, offsetMs: number): beam.WindowFn<IntervalWindow> {
  return slidingWindowsMs(sizeMs, sizeMs, offsetMs);
}

/** Windows [start, start + size) for every start ≡ offset (mod period); period = size gives fixed windows. */
export function slidingWindowsMs(
  sizeMs: number,
  periodMs: number,
  offsetMs: number,
): beam.WindowFn<IntervalWindow> {
  const fixed = periodMs === sizeMs;
  return {
    beamName: fixed
      ? `fixedWindowsMs(${sizeMs}, ${offsetMs})`
      : `slidingWindowsMs(${sizeMs}, ${periodMs}, ${offsetMs})`,
    assignWindows: (timestamp: Long) => {
      const t = timestamp.toNumber();
      const windows: IntervalWindow[] = [];
      // The latest start at or before t, then earlier starts while the window still contains t.
      const lastStartMs = t - ((((t - offsetMs) % periodMs) + periodMs) % periodMs);
      for (let startMs = lastStartMs; startMs > t - sizeMs; startMs -= periodMs) {
        windows.push(new IntervalWindow(Long.fromNumber(startMs), Long.fromNumber(startMs + sizeMs)));
      }
      return windows;
    },
    windowCoder: () => new IntervalWindowCoder(),
    isMerging: () => false,
    assignsToOneWindow: () => fixed,
    toProto: () =>
      fixed
        ? {
            urn: "beam:window_fn:fixed_windows:v1",
            payload: FixedWindowsPayload.toBinary({
              size: protoDuration(sizeMs),
              offset: protoDuration(offsetMs),
            }),
          }
        : {
            urn: "beam:window_fn:sliding_windows:v1",
            payload: SlidingWindowsPayload.toBinary({
              size: protoDuration(sizeMs),
              period: protoDuration(periodMs),
              offset: protoDuration(offsetMs),
            }),
          },
  };
}

/** A protobuf Duration / Timestamp of `ms` milliseconds (0 ≤ nanos < 1 s). */
function protoDuration(ms: number): { seconds: bigint; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds: BigInt(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}
