import type { FeatureSpec, MonitorSpec } from "../spec/schema";
import { BaselineDataError } from "./baseline_data_error";

/**
 * The columns a baseline profiles: the spec's features and its prediction,
 * each read from the training data's column named like it (a spec `path` is a
 * place in an inference request, not in the training data). A feature without
 * a column is an error; a prediction without one is left out of the profile,
 * since training data need not hold the model's own predictions.
 */
export function profiledColumns(
  spec: MonitorSpec,
  dataColumns: ReadonlySet<string>,
  file: string,
  onNotice: (message: string) => void,
): FeatureSpec[] {
  const missing = spec.features.filter((feature) => !dataColumns.has(feature.name));
  if (missing.length > 0) {
    const names = missing.map((feature) => `"${feature.name}"`).join(", ");
    throw new BaselineDataError(
      `${file}: no column for feature ${names}; training data columns are named like the spec's features ` +
        `(found: ${[...dataColumns].join(", ") || "none"})`,
    );
  }
  const { prediction } = spec;
  if (prediction === undefined) return [...spec.features];
  if (!dataColumns.has(prediction.name)) {
    onNotice(`${file}: no column "${prediction.name}": the prediction is left out of the baseline`);
    return [...spec.features];
  }
  return [...spec.features, prediction];
}
