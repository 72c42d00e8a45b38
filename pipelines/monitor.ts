import * as beam from "apache-beam";
import { WindowSpecMs, windowingFor } from "../transforms/windowing/spec_windowing";
import {
  consecutiveAlerts,
  driftAlertCandidates,
  outlierRateAlertCandidates,
} from "../transforms/alerts/beam/windowed_alerts";
import type { AlertCandidate } from "../transforms/alerts/alert_candidate";
import { loadBaselineProfile } from "../transforms/baseline/baseline_profile";
import { windowDriftOf, windowedDrift } from "../transforms/drift/beam/windowed_drift";
import { driftPlan } from "../transforms/drift/drift_plan";
import { mergeResults } from "../transforms/io/merge_results";
import { readInferenceLog } from "../transforms/io/read_inference_log";
import type { MonitorResult } from "../transforms/io/results";
import { writeResults } from "../transforms/io/write_results";
import { windowedOutlierCounts } from "../transforms/outliers/beam/outlier_counts";
import { screenOutliers } from "../transforms/outliers/beam/screen_outliers";
import { buildOutlierDetectors } from "../transforms/outliers/registry";
import { assignEventTime } from "../transforms/parse/assign_event_time";
import type { DeadLetter, InferenceRecord } from "../transforms/parse/inference_record";
import { parseInferenceLog } from "../transforms/parse/parse_inference_log";
import type { RawEvent } from "../transforms/parse/raw_event";
import { statisticsPlan } from "../transforms/statistics/statistics_plan";
import { windowedFeatureStatistics } from "../transforms/statistics/windowed_statistics";
import type { MonitorSpec } from "./spec/schema";

type InferenceLog = beam.PCollection<RawEvent | DeadLetter>;

/** A source of raw inference-log events; cross-language sources expand asynchronously. */
export type InferenceLogReader =
  beam.PTransform<beam.Root, InferenceLog> | beam.AsyncPTransform<beam.Root, InferenceLog>;

/**
 * The monitoring job: read → parse → timestamp → {outliers per record;
 * window → statistics → drift} → alerts → write. Bad input leaves parsing as
 * dead letters and is written, never dropped. What compares with the baseline
 * (detectors, drift metrics) is decided here, so a baseline that cannot
 * support the spec fails before the job starts.
 *
 * `readEvents` is where the raw events come from: by default the spec's
 * source as our direct runner drives it; on Flink and Dataflow, a Kafka source
 * is our cross-language Kafka read (readKafkaRecords, KafkaIO underneath) instead. Either gives the
 * same RawEvents, stamped with their record timestamps.
 */
export function monitorPipeline(
  spec: MonitorSpec,
  readEvents: InferenceLogReader = readInferenceLog(spec.source),
): (root: beam.Root) => Promise<void> {
  const windowSpec: WindowSpecMs = {
    sizeMs: spec.window.size,
    slideMs: spec.window.slide,
    watermarkDelayMs: spec.window.watermarkDelay,
    allowedLatenessMs: spec.window.allowedLateness,
    earlyFiringEveryMs: spec.window.earlyFiringEvery,
  };
  const { windowing, windowShiftMs } = windowingFor<InferenceRecord>(windowSpec);
  const baseline = spec.baseline === undefined ? undefined : loadBaselineProfile(spec.baseline);
  const plan = statisticsPlan(spec, baseline);
  const detectors = baseline === undefined ? [] : buildOutlierDetectors(spec.outliers, baseline);
  const drift =
    baseline === undefined || spec.drift === undefined
      ? undefined
      : driftPlan({ ...spec, drift: spec.drift }, baseline);
  const { outlierRate, minInstances, criticalFactor } = spec.alerts;
  return async (root) => {
    // The SDK applies a synchronous transform through applyAsync as well.
    const events = await root.applyAsync(readEvents as beam.AsyncPTransform<beam.Root, InferenceLog>);
    const { records, deadLetters } = events.apply(parseInferenceLog(spec));
    const timestamped = records.apply(assignEventTime());
    const results: beam.PCollection<MonitorResult>[] = [deadLetters];
    const alertCandidates: beam.PCollection<AlertCandidate>[] = [];

    if (detectors.length > 0) {
      const screened = timestamped.apply(screenOutliers(detectors));
      results.push(screened.outliers);
      if (outlierRate !== undefined) {
        const counts = screened.flags.apply(
          windowedOutlierCounts(windowingFor<number>(windowSpec).windowing),
        );
        const settings = { outlierRate, minInstances, criticalFactor };
        alertCandidates.push(counts.apply(outlierRateAlertCandidates(settings, windowShiftMs)));
      }
    }

    const driftOf =
      drift === undefined || baseline === undefined ? undefined : windowDriftOf(drift, baseline);
    const { statistics, featureWindows } = timestamped
      .apply(windowing)
      .apply(windowedFeatureStatistics(spec.model, plan, windowShiftMs, driftOf));
    results.push(statistics);

    if (drift !== undefined) {
      const predictionName = spec.prediction?.name;
      const driftRecords = featureWindows.apply(
        windowedDrift(spec.model, drift, predictionName, windowSpec, windowShiftMs),
      );
      results.push(driftRecords);
      if (spec.alerts.drift) alertCandidates.push(driftRecords.apply(driftAlertCandidates(criticalFactor)));
    }

    if (alertCandidates.length > 0) {
      results.push(beam.P(alertCandidates).apply(consecutiveAlerts(spec.model, windowSpec, windowShiftMs)));
    }
    mergeResults("results", results).apply(writeResults(spec.sinks));
  };
}
