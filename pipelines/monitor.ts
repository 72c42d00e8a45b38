import * as beam from "apache-beam";
import { MonitorSpec } from "./spec/schema";
import { readInferenceLog } from "../transforms/io/read_inference_log";
import { writeResults } from "../transforms/io/write_results";
import { parseInferenceLog } from "../transforms/parse/parse_inference_log";
import { assignEventTime } from "../transforms/parse/assign_event_time";
import { windowedStatistics } from "../transforms/statistics/windowed_statistics";
import { windowBySpec } from "../transforms/window_by_spec";

/**
 * The monitoring job: read → parse → timestamp → window → statistics → write.
 * Bad input leaves parsing as dead letters and is written, never dropped.
 */
export function monitorPipeline(spec: MonitorSpec): (root: beam.Root) => void {
  return (root) => {
    const { records, deadLetters } = root.apply(readInferenceLog(spec.source)).apply(parseInferenceLog(spec));
    deadLetters.apply(writeResults(spec.sinks));
    records
      .apply(assignEventTime())
      .apply(windowBySpec(spec.window))
      .apply(windowedStatistics(spec))
      .apply(writeResults(spec.sinks));
  };
}
