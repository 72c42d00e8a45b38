import { z } from "zod";
import { DEFAULT_CATEGORY_CAPACITY } from "../../transforms/statistics/categorical";
import { DEFAULT_HLL_PRECISION } from "../../transforms/statistics/distinct_count";
import { DEFAULT_WINDOW_EXACT_VALUES } from "../../transforms/statistics/quantile_sketch";
import { monitoredFeatures } from "./monitored_features";

const DEFAULT_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];
/**
 * k = 1000: a rank error of 0.28 %, small beside the KS test's critical D
 * where sketches take over (2.1 % for 4096 values against a large baseline),
 * in about 3000 numbers, no more than the exact bound's 4096.
 */
const DEFAULT_SKETCH_K = 1000;

/** Histogram bin edges: at least two finite numbers, strictly increasing (every bin has a width). */
const histogramEdges = z
  .array(z.number())
  .min(2)
  .refine((edges) => edges.every((edge, i) => i === 0 || edges[i - 1] < edge), {
    message: "histogram edges must be strictly increasing",
  });

/**
 * The spec's `statistics:` section: which statistics each window reports.
 * Every field has a default and the defaults compute everything, so
 * `statistics:` can be left out. What each costs per feature and window is
 * bounded, whatever the number of records: moments are 7 numbers, the quantile
 * sketch at most max(exactQuantilesUpTo, about 3·k) numbers, a histogram one count per bin, frequencies at most
 * `categoryCapacity` counters, the distinct count 2^distinctPrecision bytes,
 * correlation d(d+1)/2 · 6 numbers for d numerical features.
 */
export const statisticsSpecSchema = z.strictObject({
  /**
   * Quantile levels reported for numerical features and a numerical prediction,
   * each in [0, 1] (`quantiles: {"0.25": …}`), from a KLL sketch; the IQR comes
   * with them. [] turns the sketch, `quantiles` and `iqr` off.
   */
  quantiles: z
    .array(z.number().min(0).max(1))
    .default(DEFAULT_QUANTILES)
    .refine((levels) => new Set(levels).size === levels.length, {
      message: "quantile levels must be unique",
    }),
  /**
   * The KLL sketch's k, for windows past `exactQuantilesUpTo` values and for
   * the baseline past 100,000: rank error ±2.296/k^0.9723 with 99 % confidence
   * (1.33 % at 200, 0.28 % at 1000), about 3·k numbers.
   */
  quantileSketchK: z.number().int().min(8).max(65535).default(DEFAULT_SKETCH_K),
  /**
   * A window keeps up to this many values of a numerical feature exactly (8
   * bytes each): quantiles, IQR and the KS test are then the data's, the same
   * whatever the runner's bundling; past it, the KLL sketch.
   */
  exactQuantilesUpTo: z.number().int().min(0).max(1_000_000).default(DEFAULT_WINDOW_EXACT_VALUES),
  /**
   * Bin counts of numerical features. Edges come from the baseline profile
   * (so a window and the baseline compare bin for bin), else from
   * `histogramEdges`; a feature with neither reports `histogram: null`.
   */
  histogram: z.boolean().default(true),
  /** Edges for numerical features the baseline does not cover (or when there is no baseline), by feature name. */
  histogramEdges: z.record(z.string(), histogramEdges).default({}),
  /** How many of the most frequent categories a categorical feature lists in `topK`. */
  topK: z.number().int().nonnegative().default(10),
  /** Also report every tracked category's count (`frequencies`), not only the top K. */
  frequencies: z.boolean().default(true),
  /**
   * Categories counted exactly per feature and window; past this many distinct
   * values, Misra–Gries counters that undercount by at most `maxUndercount`.
   */
  categoryCapacity: z.number().int().positive().default(DEFAULT_CATEGORY_CAPACITY),
  /** Distinct values of categorical features: exact while the frequencies are, else a HyperLogLog estimate. */
  distinct: z.boolean().default(true),
  /** HyperLogLog precision p: 2^p registers, relative standard error 1.04/√(2^p) (1.6 % at 12). */
  distinctPrecision: z.number().int().min(4).max(16).default(DEFAULT_HLL_PRECISION),
  /** A correlation record per window: Pearson correlation and covariance of the numerical features (d ≥ 2). */
  correlation: z.boolean().default(true),
});
export type StatisticsSpec = z.output<typeof statisticsSpecSchema>;

interface NamedFeature {
  name: string;
  type: "numerical" | "categorical";
}

/**
 * Cross-field checks of the statistics section against the features: a
 * `histogramEdges` entry must name a numerical feature or a numerical
 * prediction (a typo would otherwise silently leave a histogram out), and the
 * prediction must not share a feature's name (their statistics would merge).
 */
export function checkStatisticsSpec(
  spec: { features: NamedFeature[]; prediction?: NamedFeature; statistics: StatisticsSpec },
  context: z.RefinementCtx,
): void {
  const numerical = new Set(
    monitoredFeatures(spec)
      .filter((feature) => feature.type === "numerical")
      .map((feature) => feature.name),
  );
  for (const name of Object.keys(spec.statistics.histogramEdges)) {
    if (!numerical.has(name)) {
      context.addIssue({
        code: "custom",
        message: `"${name}" is not a numerical feature or prediction of this spec`,
        path: ["statistics", "histogramEdges", name],
      });
    }
  }
  if (spec.prediction && spec.features.some((feature) => feature.name === spec.prediction?.name)) {
    context.addIssue({
      code: "custom",
      message: `the prediction's name "${spec.prediction.name}" is also a feature's name`,
      path: ["prediction", "name"],
    });
  }
}
