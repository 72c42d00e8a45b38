import * as beam from "apache-beam";
import type { CombineFn } from "apache-beam/transforms/group_and_combine";
import { combinePerKey } from "apache-beam/transforms/internal";

/** Request instances of a window, and how many of them some outlier detector flagged. */
export interface OutlierCounts {
  instances: number;
  flagged: number;
}

/** The key of the per-window counts: every instance of a window counts together. */
const ALL_INSTANCES = "*";

/** Plain numbers, so Beam's default coder carries the accumulator as is. */
const outlierCountsFn: CombineFn<number, OutlierCounts, OutlierCounts> = {
  createAccumulator: () => ({ instances: 0, flagged: 0 }),
  addInput: (counts, flag) => ({ instances: counts.instances + 1, flagged: counts.flagged + flag }),
  mergeAccumulators: (all) => {
    const merged = { instances: 0, flagged: 0 };
    for (const counts of all) {
      merged.instances += counts.instances;
      merged.flagged += counts.flagged;
    }
    return merged;
  },
  extractOutput: (counts) => counts,
};

/**
 * Per window pane, the request instances and the flagged ones, from the
 * per-record outlier flags (ScreenedRecords.flags) windowed by `windowing`
 * (the spec's, as for statistics).
 */
export function windowedOutlierCounts(
  windowing: beam.PTransform<beam.PCollection<number>, beam.PCollection<number>>,
): beam.PTransform<beam.PCollection<number>, beam.PCollection<beam.KV<string, OutlierCounts>>> {
  return beam.withName("windowedOutlierCounts", (flags: beam.PCollection<number>) =>
    flags
      .apply(windowing)
      .map(beam.withName("allInstances", (flag: number) => ({ key: ALL_INSTANCES, value: flag })))
      .apply(combinePerKey(outlierCountsFn)),
  );
}
