import { z } from "zod";
import { DRIFT_METRICS, DRIFT_METRIC_NAMES, DriftMetricName } from "../../transforms/drift/registry";
import { monitoredFeatures } from "./monitored_features";

/** Windows with fewer values than this get `drifted: null` ("insufficient data") instead of a verdict. */
export const DEFAULT_MIN_SAMPLES = 30;

/** The false-alarm level of calibrated distances. */
export const DEFAULT_ALPHA = 0.05;

export const P_VALUE_CORRECTIONS = ["none", "bonferroni", "benjamini_hochberg"] as const;
export type PValueCorrection = (typeof P_VALUE_CORRECTIONS)[number];

const driftMetricSpec = z.strictObject({
  name: z.enum(DRIFT_METRIC_NAMES as [DriftMetricName, ...DriftMetricName[]]),
  /**
   * A distance drifts when its value is above this; a test when its p-value
   * (adjusted, see `correction`) is below it. Default: the metric's own
   * (transforms/drift/README.md); `wasserstein` is in feature units and has none.
   */
  threshold: z.number().positive().optional(),
  /**
   * Distances only. false (default): the threshold in force at a window is
   * max(threshold, the distance's null (1 − drift.alpha) quantile at the
   * window's size), so a window drawn from the baseline's own distribution
   * drifts with probability at most α (transforms/drift/README.md); true: the
   * threshold as given, at every window size.
   */
  fixedThreshold: z.boolean().optional(),
  /** The features (and/or the prediction) it compares; default: every one of its types the baseline covers. */
  features: z
    .array(z.string().min(1))
    .min(1)
    .refine((names) => new Set(names).size === names.length, { message: "features must be unique" })
    .optional(),
});
export type DriftMetricSpec = z.output<typeof driftMetricSpec>;

/**
 * The spec's `drift:` section: which metrics compare each window with the
 * baseline profile. Absent: no drift records.
 */
export const driftSpecSchema = z.strictObject({
  metrics: z.array(driftMetricSpec).min(1),
  /** A window with fewer values of a feature than this gets `drifted: null` with a reason, never a verdict. */
  minSamples: z.number().int().positive().default(DEFAULT_MIN_SAMPLES),
  /**
   * Multiple-testing correction of the p-values of one window pane (every
   * test metric on every feature and the prediction): `bonferroni` bounds the
   * chance of any false alarm in a window by α, `benjamini_hochberg` the
   * expected share of false alarms among the drifted ones.
   */
  correction: z.enum(P_VALUE_CORRECTIONS).default("none"),
  /** The false-alarm level distances are calibrated to (their null quantile at each window's size). */
  alpha: z.number().gt(0).lt(1).default(DEFAULT_ALPHA),
});
export type DriftSpec = z.output<typeof driftSpecSchema>;

export interface TypedFeature {
  name: string;
  type: "numerical" | "categorical";
}

/**
 * How a `drift.metrics` entry reads, for the spec's checks and the drift plan
 * alike: the features it compares — those it lists, else every feature and
 * the prediction of the metric's types — and its threshold — its own, else
 * the metric's default; null when neither, which checkDriftSpec refuses.
 */
export function driftEntry(
  entry: DriftMetricSpec,
  monitored: readonly TypedFeature[],
): { features: string[]; threshold: number | null } {
  const metric = DRIFT_METRICS[entry.name];
  const types: readonly string[] = metric.featureTypes;
  return {
    features: entry.features ?? monitored.filter((f) => types.includes(f.type)).map((f) => f.name),
    threshold: entry.threshold ?? metric.defaultThreshold,
  };
}

/**
 * Cross-field checks of the drift section: a listed feature must be a
 * feature or the prediction of a type the metric compares; a metric without a
 * default threshold needs one; a (metric, feature) pair may be checked once
 * (its records could not be told apart); what the metrics read must be
 * computed (histograms for binned metrics on numerical features, the quantile
 * sketch for `ks` / `wasserstein`).
 */
export function checkDriftSpec(
  spec: {
    features: TypedFeature[];
    prediction?: TypedFeature;
    drift?: DriftSpec;
    statistics: { histogram: boolean; quantiles: number[] };
  },
  context: z.RefinementCtx,
): void {
  if (spec.drift === undefined) return;
  const monitored = monitoredFeatures(spec);
  const typeOf = new Map(monitored.map((f) => [f.name, f.type]));
  const checked = new Map<string, number>();
  spec.drift.metrics.forEach((entry, index) => {
    const metric = DRIFT_METRICS[entry.name];
    const problem = (message: string, ...path: (string | number)[]) =>
      context.addIssue({ code: "custom", message, path: ["drift", "metrics", index, ...path] });
    if (
      metric.driftWhen === "pValueBelowThreshold" &&
      entry.threshold !== undefined &&
      !(entry.threshold < 1)
    ) {
      problem(`${entry.name} is a test: its threshold is the significance level α, in (0, 1)`, "threshold");
    }
    const { features, threshold } = driftEntry(entry, monitored);
    if (threshold === null) {
      problem(`${entry.name} has no default threshold (it is in the feature's units): set one`, "threshold");
    }
    if (entry.fixedThreshold && metric.driftWhen === "pValueBelowThreshold") {
      problem(`${entry.name} is a test: fixedThreshold applies to distances only`, "fixedThreshold");
    }
    const types: readonly string[] = metric.featureTypes;
    for (const feature of entry.features ?? []) {
      const type = typeOf.get(feature);
      if (type === undefined)
        problem(`"${feature}" is not a feature or the prediction of this spec`, "features");
      else if (!types.includes(type)) {
        problem(`"${feature}" is ${type}; ${entry.name} compares ${types.join(" or ")} features`, "features");
      }
    }
    for (const feature of features) {
      const key = `${entry.name} ${feature}`;
      const earlier = checked.get(key);
      if (earlier !== undefined) {
        problem(`${entry.name} already compares "${feature}" in drift.metrics[${earlier}]`, "features");
      }
      checked.set(key, index);
    }
    const numerical = features.some((feature) => typeOf.get(feature) === "numerical");
    if (numerical && !spec.statistics.histogram) {
      problem(`drift on numerical features reads the window's histogram: set statistics.histogram: true`);
    }
    // The metrics for numerical features only (ks, wasserstein, wasserstein_normed) compare CDFs.
    const readsSketch = !types.includes("categorical");
    if (numerical && readsSketch && spec.statistics.quantiles.length === 0) {
      problem(`${entry.name} reads the window's quantile sketch: statistics.quantiles must not be []`);
    }
  });
}
