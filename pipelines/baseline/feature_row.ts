import type { FeatureSpec } from "../spec/schema";
import { featureValue } from "../../transforms/parse/feature_value";
import type { FeatureValue } from "../../transforms/parse/inference_record";

/**
 * A training row's values for the profiled columns, read exactly as the
 * monitoring job reads an instance (featureValue): so a baseline value and a
 * served value mean the same. Throws a ParseProblem naming the column when a
 * value does not fit its feature's type, e.g. text in a numerical column.
 * Only own fields count, so a column named "constructor" is never Object's.
 */
export function featureRow(
  columns: readonly FeatureSpec[],
  fields: Readonly<Record<string, unknown>>,
): FeatureValue[] {
  return columns.map((column) =>
    featureValue(
      column,
      Object.hasOwn(fields, column.name) ? fields[column.name] : null,
      `column "${column.name}"`,
    ),
  );
}
