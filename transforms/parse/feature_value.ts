import type { FeatureSpec } from "../../pipelines/spec/schema";
import { describeValue, parseProblem } from "./dead_letter";
import type { FeatureValue } from "./inference_record";

/** A decimal number written as text: optional sign, digits with an optional point, optional exponent. */
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * One value of an instance as its feature's type wants it; `label` says which
 * ("instance 1: feature \"sepal_width\"") in a dead letter's detail — a function
 * when the caller would rather not build the text for every value that is fine.
 *
 * - Missing or null → null: the instance is kept, the feature counted as missing.
 * - Numerical: a finite number; also a string holding a decimal number ("3.5",
 *   "-1e3"), as BYTES tensors and some loggers send numbers. Anything else —
 *   other strings, booleans, arrays, objects, and numerals too large for a
 *   double, which JSON.parse turns into ±Infinity — is "non-numeric-value".
 * - Categorical: strings as they are, numbers and booleans as their text
 *   (2 → "2", true → "true"); an array or object is "bad-shape" (the path most
 *   likely stops one level short of the value).
 */
export function featureValue(
  feature: FeatureSpec,
  raw: unknown,
  label: string | (() => string),
): FeatureValue {
  if (raw === undefined || raw === null) return null;
  if (feature.type === "numerical") {
    const number = typeof raw === "string" && DECIMAL_TEXT.test(raw) ? Number(raw) : raw;
    if (typeof number === "number" && Number.isFinite(number)) return number;
    throw parseProblem(
      "non-numeric-value",
      `${labelText(label)} is ${describeValue(raw)}, not a finite number`,
    );
  }
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  throw parseProblem(
    "bad-shape",
    `${labelText(label)} is ${describeValue(raw)}, not a category (a string, number or boolean)`,
  );
}

function labelText(label: string | (() => string)): string {
  return typeof label === "string" ? label : label();
}
