import * as beam from "apache-beam";
import { combinePerKey } from "apache-beam/transforms/internal";
import { requireForSerialization } from "apache-beam/serialization";
import type { MonitorSpec } from "../../pipelines/spec/schema";
import type { InferenceRecord } from "../parse/inference_record";
import * as windowLabels from "../io/window_labels";
import * as statistics from ".";
import { accumulatorCombineFn } from "./beam/accumulator_combine_fn";
import { numericalFeatureValues } from "./beam/feature_values";
import type { StatisticsRecord } from "./beam/statistics_record";

// The combine creates accumulator classes, and labelling reads Beam windows,
// on workers: both modules travel by reference, not copied into closures.
requireForSerialization("beam-model-monitor/transforms/statistics", statistics);
requireForSerialization("beam-model-monitor/transforms/io/window_labels", windowLabels);

interface WindowContext {
  window: beam.ParDoLookupParam<beam.Window>;
  pane: beam.ParDoLookupParam<beam.PaneInfo>;
}

/**
 * Per (feature, window pane) one `statistics` record. Input records must be
 * windowed already; `windowShiftMs` undoes the windowing's timestamp shift
 * (see windowingFor) so records report the log's own event-time window.
 */
export function windowedStatistics(
  spec: MonitorSpec,
  windowShiftMs: number,
): beam.PTransform<beam.PCollection<InferenceRecord>, beam.PCollection<StatisticsRecord>> {
  const model = spec.model;
  return beam.withName("windowedStatistics", (records: beam.PCollection<InferenceRecord>) =>
    records
      .apply(numericalFeatureValues(spec.features, spec.prediction))
      .apply(combinePerKey(accumulatorCombineFn("moments", () => new statistics.Moments())))
      .apply(
        beam.parDo<beam.KV<string, statistics.MomentsResult>, StatisticsRecord, WindowContext>(
          {
            process: function* (perFeature, context) {
              yield {
                kind: "statistics",
                model,
                feature: perFeature.key,
                window: windowLabels.intervalOf(context.window.lookup(), windowShiftMs),
                pane: windowLabels.paneLabel(context.pane.lookup()),
                count: perFeature.value.count,
                missing: perFeature.value.missing,
                mean: perFeature.value.mean,
                emittedAt: new Date().toISOString(),
              };
            },
          },
          { window: beam.windowParam(), pane: beam.paneInfoParam() },
        ),
      ),
  );
}
