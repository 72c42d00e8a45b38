import * as beam from "apache-beam";
import { windowingFor } from "../runners/direct/windowing_for_spec";
import { readInferenceLog } from "../transforms/io/read_inference_log";
import { mergeResults } from "../transforms/io/merge_results";
import { writeResults } from "../transforms/io/write_results";
import { assignEventTime } from "../transforms/parse/assign_event_time";
import type { InferenceRecord } from "../transforms/parse/inference_record";
import { parseInferenceLog } from "../transforms/parse/parse_inference_log";
import { loadBaselineProfile } from "../transforms/baseline/baseline_profile";
import { statisticsPlan } from "../transforms/statistics/statistics_plan";
import { windowedStatistics } from "../transforms/statistics/windowed_statistics";
import type { MonitorSpec } from "./spec/schema";

/**
 * The monitoring job: read → parse → timestamp → window → statistics → write.
 * Bad input leaves parsing as dead letters and is written, never dropped.
 */
export function monitorPipeline(spec: MonitorSpec): (root: beam.Root) => void {
  const { windowing, windowShiftMs } = windowingFor<InferenceRecord>({
    sizeMs: spec.window.size,
    slideMs: spec.window.slide,
    watermarkDelayMs: spec.window.watermarkDelay,
    allowedLatenessMs: spec.window.allowedLateness,
    earlyFiringEveryMs: spec.window.earlyFiringEvery,
  });
  const baseline = spec.baseline === undefined ? undefined : loadBaselineProfile(spec.baseline);
  const plan = statisticsPlan(spec, baseline);
  return (root) => {
    const { records, deadLetters } = root.apply(readInferenceLog(spec.source)).apply(parseInferenceLog(spec));
    const windowed = records.apply(assignEventTime()).apply(windowing);
    const statistics = windowed.apply(windowedStatistics(spec.model, plan, windowShiftMs));
    mergeResults("results", [statistics, deadLetters]).apply(writeResults(spec.sinks));
  };
}
