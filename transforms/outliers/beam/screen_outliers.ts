import * as beam from "apache-beam";
import { requireForSerialization } from "apache-beam/serialization";
import type { InferenceRecord } from "../../parse/inference_record";
import type { OutlierDetector } from "../detector";
import * as outlierRecord from "../outlier_record";

requireForSerialization("beam-model-monitor/transforms/outliers/outlier_record", outlierRecord);

// A type, not an interface: Beam's PValue needs an index signature, which only type literals have implicitly.
export type ScreenedRecords = {
  /** One per flagged (record, feature, method), as soon as the record is processed. */
  outliers: beam.PCollection<outlierRecord.OutlierRecord>;
  /** One per request instance: 1 when some detector flagged it, else 0 (for per-window outlier rates). */
  flags: beam.PCollection<number>;
};

type Screened = { outliers: outlierRecord.OutlierRecord } | { flags: number };

/**
 * Every record through every detector, on its own: no window, no shuffle, so
 * an outlier record leaves with the bundle of the record it flags. Responses
 * carry no features and are not screened.
 */
export function screenOutliers(
  detectors: readonly OutlierDetector[],
): beam.PTransform<beam.PCollection<InferenceRecord>, ScreenedRecords> {
  return beam.withName(
    "screenOutliers",
    (records: beam.PCollection<InferenceRecord>) =>
      records
        .flatMap(
          beam.withName("detect", function* (record: InferenceRecord): Generator<Screened> {
            if (record.part === "response") return;
            const outliers = outlierRecord.outliersOf(record, detectors, Date.now());
            for (const outlier of outliers) yield { outliers: outlier };
            yield { flags: outliers.length > 0 ? 1 : 0 };
          }),
        )
        .apply(beam.split<Screened>(["outliers", "flags"])) as unknown as ScreenedRecords,
  );
}
