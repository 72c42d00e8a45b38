import * as beam from "apache-beam";
import { IntervalWindow } from "apache-beam/values";
import * as fs from "fs";
import { requireForSerialization } from "apache-beam/serialization";

// The collecting DoFn reaches fs by reference, not by copying the module.
requireForSerialization("fs", fs);

/** One output of a keyed aggregation as a test sees it: the KV with its window and pane. */
export interface CollectedPane {
  key: unknown;
  value: unknown;
  /** [start, end) in ms, shifted back by the windowing's shift; "global" for the global window. */
  window: [number, number] | "global";
  timing: string;
  index: number;
  onTimeIndex: number;
  isFirst: boolean;
  isLast: boolean;
  timestampMs: number;
}

interface PaneContext {
  window: beam.ParDoLookupParam<beam.Window>;
  pane: beam.ParDoLookupParam<beam.PaneInfo>;
  timestamp: beam.ParDoLookupParam<beam.Instant>;
}

/**
 * Appends every element (a KV) with its window and pane to `file`, one JSON
 * line each. DoFns run on deserialized copies, so results travel through the
 * file system rather than a captured array.
 */
export function collectPanes(file: string, windowShiftMs = 0) {
  return beam.parDo<beam.KV<unknown, unknown>, never, PaneContext>(
    {
      process: (element, context) => {
        const window = context.window.lookup();
        const pane = context.pane.lookup();
        const collected: CollectedPane = {
          key: element.key,
          value: element.value,
          window:
            window instanceof IntervalWindow
              ? [window.start.toNumber() - windowShiftMs, window.end.toNumber() - windowShiftMs]
              : "global",
          timing: pane.timing,
          index: pane.index,
          onTimeIndex: pane.onTimeIndex,
          isFirst: pane.isFirst,
          isLast: pane.isLast,
          timestampMs: context.timestamp.lookup().toNumber(),
        };
        fs.appendFileSync(file, JSON.stringify(collected) + "\n");
      },
    },
    { window: beam.windowParam(), pane: beam.paneInfoParam(), timestamp: beam.timestampParam() },
  );
}

export function readCollected(file: string): CollectedPane[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as CollectedPane);
}
