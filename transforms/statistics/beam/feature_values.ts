import * as beam from "apache-beam";
import type { FeatureSpec } from "../../../pipelines/spec/schema";
import type { FeatureValue, InferenceRecord } from "../../parse/inference_record";

/**
 * A record's values of the given numerical features, keyed by feature name:
 * features from the request part, the prediction from the response part
 * (a request and its response are separate records; statistics need no join).
 */
export function numericalFeatureValues(
  features: readonly FeatureSpec[],
  prediction: FeatureSpec | undefined,
): beam.PTransform<beam.PCollection<InferenceRecord>, beam.PCollection<beam.KV<string, FeatureValue>>> {
  const numerical = features.filter((feature) => feature.type === "numerical").map((feature) => feature.name);
  const predictionName = prediction?.type === "numerical" ? prediction.name : undefined;
  return beam.withName("numericalFeatureValues", (records: beam.PCollection<InferenceRecord>) =>
    records.flatMap(
      beam.withName("featureValues", (record: InferenceRecord) => {
        const values: beam.KV<string, FeatureValue>[] = [];
        if (record.part !== "response") {
          for (const name of numerical) values.push({ key: name, value: record.features[name] ?? null });
        }
        if (record.part !== "request" && predictionName !== undefined) {
          values.push({ key: predictionName, value: record.prediction ?? null });
        }
        return values;
      }),
    ),
  );
}
