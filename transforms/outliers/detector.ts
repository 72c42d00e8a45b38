import type { BaselineProfile, FeatureBaseline } from "../baseline/baseline_profile";
import type { FeatureValue } from "../parse/inference_record";
import type { OutlierMethod } from "./outlier_spec";

/** The multivariate methods' feature name: the finding concerns the record's whole feature vector. */
export const ALL_FEATURES = "*";

/**
 * One flagged value. Every method flags exactly when `score > threshold`
 * (strictly: a value exactly at the threshold is not an outlier).
 */
export interface OutlierFinding {
  /** The feature checked, or "*" for a multivariate method. */
  feature: string;
  /** The value checked; for "*", the features used and their values. */
  value: number | string | Record<string, number>;
  method: OutlierMethod;
  score: number;
  threshold: number;
}

/** A feature the method left out because its baseline cannot support the method. */
export interface SkippedFeature {
  feature: string;
  reason: string;
}

/**
 * A detector built once from its spec entry and the baseline profile, then
 * called per record. It is plain data and arrow functions over plain data (no
 * class instance), so Beam's closure serialization ships it to workers as is.
 */
export interface OutlierDetector {
  method: OutlierMethod;
  /** The features checked (for a multivariate method, the vector's features). */
  features: string[];
  /** Baseline features the method could not use; only when the spec left `features` out (listed ones fail). */
  skipped: SkippedFeature[];
  /** What a user should know at start-up about how the baseline was used (e.g. a regularised covariance). */
  notes: string[];
  /** The findings for one record's feature values; a missing value is never an outlier. */
  detect: (values: Readonly<Record<string, FeatureValue>>) => OutlierFinding[];
}

/** A spec entry the baseline cannot support: the message names the method, the feature and why. */
export class OutlierSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutlierSpecError";
  }
}

/**
 * The value a numerical check scores: finite numbers only. Null (missing) is
 * counted as missing elsewhere; non-finite numbers and strings never reach a
 * record of a numerical feature (parsing turns them into dead letters).
 */
export function finiteValue(value: FeatureValue | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * A detector that judges each checked feature's value on its own: `valueOf`
 * picks the values it can score (undefined: skip, e.g. missing), and a value
 * is flagged when `score(check, value) > threshold`.
 */
export function perFeatureDetector<Check extends { feature: string }, Value extends number | string>(
  method: OutlierMethod,
  selected: { checks: Check[]; skipped: SkippedFeature[] },
  threshold: number,
  valueOf: (value: FeatureValue | undefined) => Value | undefined,
  score: (check: Check, value: Value) => number,
): OutlierDetector {
  const checks = selected.checks;
  return {
    method,
    features: checks.map((check) => check.feature),
    skipped: selected.skipped,
    notes: [],
    detect: (values) => {
      const findings: OutlierFinding[] = [];
      for (const check of checks) {
        const value = valueOf(values[check.feature]);
        if (value === undefined) continue;
        const checkScore = score(check, value);
        if (checkScore > threshold) {
          findings.push({ feature: check.feature, value, method, score: checkScore, threshold });
        }
      }
      return findings;
    },
  };
}

/**
 * The features an entry checks, each with what the method keeps from its
 * baseline. `prepare` returns that plain data, or the reason the baseline
 * cannot support the method. Listed features must all be usable (else an
 * error); without a list, every baseline feature of the method's type is
 * tried and the unusable ones are reported in `skipped`. None usable is an error.
 */
export function selectFeatures<Type extends FeatureBaseline["type"], Check extends object>(
  method: OutlierMethod,
  listed: readonly string[] | undefined,
  profile: BaselineProfile,
  type: Type,
  prepare: (feature: string, baseline: Extract<FeatureBaseline, { type: Type }>) => Check | string,
): { checks: Check[]; skipped: SkippedFeature[] } {
  const ofType = (baseline: FeatureBaseline): baseline is Extract<FeatureBaseline, { type: Type }> =>
    baseline.type === type;
  const checks: Check[] = [];
  const skipped: SkippedFeature[] = [];
  if (listed !== undefined) {
    for (const feature of listed) {
      const baseline = profile.features[feature];
      if (baseline === undefined) {
        throw new OutlierSpecError(
          `${method}: feature "${feature}" is not in the baseline profile ` +
            `(it has ${Object.keys(profile.features).join(", ")})`,
        );
      }
      if (!ofType(baseline)) {
        throw new OutlierSpecError(
          `${method}: feature "${feature}" is ${baseline.type}, ${method} checks ${type} features`,
        );
      }
      const check = prepare(feature, baseline);
      if (typeof check === "string") throw new OutlierSpecError(`${method}: feature "${feature}": ${check}`);
      checks.push(check);
    }
  } else {
    for (const [feature, baseline] of Object.entries(profile.features)) {
      if (!ofType(baseline)) continue;
      const check = prepare(feature, baseline);
      if (typeof check === "string") skipped.push({ feature, reason: check });
      else checks.push(check);
    }
  }
  if (checks.length === 0) {
    const why = skipped.map((skip) => `"${skip.feature}": ${skip.reason}`).join("; ");
    throw new OutlierSpecError(
      `${method}: no ${type} feature of the baseline can be checked${why === "" ? "" : ` (${why})`}`,
    );
  }
  return { checks, skipped };
}
