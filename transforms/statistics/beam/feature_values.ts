import * as beam from "apache-beam";
import type { InferenceRecord } from "../../parse/inference_record";
import type { NumericValue } from "../excluded_values";
import type { FeatureObservation } from "../feature_statistics";

/**
 * Each record's value of every feature and of the prediction, keyed by name:
 * features from the request part, the prediction from the response part (a
 * request and its response are separate records; statistics need no join).
 * A missing value is observed as null, so it is counted as missing.
 */
export function featureObservations(
  featureNames: readonly string[],
  predictionName: string | undefined,
): beam.PTransform<beam.PCollection<InferenceRecord>, beam.PCollection<beam.KV<string, FeatureObservation>>> {
  return beam.withName("featureObservations", (records: beam.PCollection<InferenceRecord>) =>
    records.flatMap(
      beam.withName("observe", (record: InferenceRecord) => {
        const observations: beam.KV<string, FeatureObservation>[] = [];
        if (record.part !== "response") {
          for (const feature of featureNames) {
            observations.push({ key: feature, value: { feature, value: record.features[feature] ?? null } });
          }
        }
        if (record.part !== "request" && predictionName !== undefined) {
          const value = record.prediction ?? null;
          observations.push({ key: predictionName, value: { feature: predictionName, value } });
        }
        return observations;
      }),
    ),
  );
}

/**
 * One row per request record: the values of the given numerical features in
 * that order (null when missing), all under one key so that a combine sees
 * every row of a window.
 */
export function numericalRows(
  features: readonly string[],
  key: string,
): beam.PTransform<beam.PCollection<InferenceRecord>, beam.PCollection<beam.KV<string, NumericValue[]>>> {
  return beam.withName("numericalRows", (records: beam.PCollection<InferenceRecord>) =>
    records.flatMap(
      beam.withName("row", (record: InferenceRecord) =>
        record.part === "response"
          ? []
          : [{ key, value: features.map((feature) => (record.features[feature] ?? null) as NumericValue) }],
      ),
    ),
  );
}
