import { z } from "zod";
import { Accumulator, parseAccumulatorJson, requireSameParameter } from "./accumulator";
import type { NumericValue } from "./excluded_values";
import { Histogram } from "./histogram";
import { Moments } from "./moments";
import { plannedPartFromJson } from "./planned_part";
import { KllSketch, kllNormalizedRankError } from "./quantile_sketch";

/** Where a feature's histogram edges came from. */
export type EdgesSource = "baseline" | "spec";

const numericalPlanJson = z.strictObject({
  type: z.literal("numerical"),
  quantiles: z.array(z.number().min(0).max(1)),
  quantileSketchK: z.number().int(),
  /** Values kept exactly before the sketch compacts (statistics.exactQuantilesUpTo); absent: 0. */
  exactQuantilesUpTo: z.number().int().optional(),
  /** Absent: no histogram asked for; null: asked for, but no edges are known for this feature. */
  histogram: z
    .strictObject({ edges: z.array(z.number()), edgesFrom: z.enum(["baseline", "spec"]) })
    .nullable()
    .optional(),
});

/** What to accumulate and report for one numerical feature (see statistics_plan.ts for how the spec sets it). */
export type NumericalPlan = z.output<typeof numericalPlanJson>;

const numericalStatisticsJson = z.strictObject({
  plan: numericalPlanJson,
  moments: z.unknown(),
  quantiles: z.unknown().optional(),
  histogram: z.unknown().optional(),
});
export type NumericalStatisticsJson = z.output<typeof numericalStatisticsJson>;

export interface HistogramCounts {
  /** counts[i] is bin [edges[i], edges[i+1]); the last bin is closed. */
  edges: number[];
  counts: number[];
  /** Values below the first edge / above the last: never dropped. */
  underflow: number;
  overflow: number;
  edgesFrom: EdgesSource;
}

/** A numerical feature's statistics over one window; statistics undefined for too few values are null. */
export interface NumericalStatisticsResult {
  type: "numerical";
  /** Values accumulated (the feature present). */
  count: number;
  /** Records without a value for the feature. */
  missing: number;
  sum: number;
  mean: number | null;
  /** Sample standard deviation √(Σ(x − x̄)²/(n − 1)); null for n < 2. */
  stddev: number | null;
  min: number | null;
  max: number | null;
  /** Level → value (nearest rank), when quantiles are asked for. */
  quantiles?: Record<string, number | null>;
  /** quantile(0.75) − quantile(0.25). */
  iqr?: number | null;
  /**
   * Normalized rank error ε of `quantiles` and `iqr`: with 99 % confidence the
   * reported q-quantile's true rank is within (q ± ε)·count. 0 while exact
   * (count ≤ max(k, exactQuantilesUpTo)).
   */
  quantileRankError?: number;
  /** Present when histograms are asked for; null when no edges are known for this feature. */
  histogram?: HistogramCounts | null;
}

/** A numerical feature's accumulators; `quantiles` and `histogram` only when the plan asks for them. */
export interface NumericalParts {
  moments: Moments;
  quantiles?: KllSketch;
  histogram?: Histogram;
}

/**
 * Everything reported for one numerical feature, as one accumulator:
 * moments always, a KLL sketch when quantiles are asked for, a histogram when
 * it is asked for and edges are known. Add, merge and JSON delegate to the
 * parts; the plan travels in the JSON, so a decoded accumulator reports the
 * same fields, and merging requires the same plan.
 */
export class NumericalStatistics implements Accumulator<
  NumericValue,
  NumericalStatisticsResult,
  NumericalStatisticsJson
> {
  private moments = new Moments();
  private quantiles: KllSketch | undefined;
  private histogram: Histogram | undefined;

  constructor(readonly plan: NumericalPlan) {
    if (plan.quantiles.length > 0)
      this.quantiles = new KllSketch(plan.quantileSketchK, plan.exactQuantilesUpTo ?? 0);
    if (plan.histogram) this.histogram = new Histogram(plan.histogram.edges);
  }

  add(value: NumericValue): void {
    this.moments.add(value);
    this.quantiles?.add(value);
    this.histogram?.add(value);
  }

  merge(other: NumericalStatistics): void {
    requireSameParameter("numerical statistics", "plan", this.plan, other.plan);
    this.moments.merge(other.moments);
    if (this.quantiles && other.quantiles) this.quantiles.merge(other.quantiles);
    if (this.histogram && other.histogram) this.histogram.merge(other.histogram);
  }

  /** The parts, for readers that need more than `result()` (drift compares a window's with the baseline's). */
  parts(): NumericalParts {
    return { moments: this.moments, quantiles: this.quantiles, histogram: this.histogram };
  }

  result(): NumericalStatisticsResult {
    const moments = this.moments.result();
    const result: NumericalStatisticsResult = {
      type: "numerical",
      count: moments.count,
      missing: moments.missing,
      sum: moments.sum,
      mean: moments.mean,
      stddev: moments.sampleStddev,
      min: moments.min,
      max: moments.max,
    };
    const sketch = this.quantiles;
    if (sketch) {
      result.quantiles = Object.fromEntries(this.plan.quantiles.map((q) => [String(q), sketch.quantile(q)]));
      result.iqr = sketch.iqr();
      result.quantileRankError = sketch.isExact() ? 0 : kllNormalizedRankError(sketch.k);
    }
    if (this.plan.histogram !== undefined) result.histogram = this.histogramCounts();
    return result;
  }

  toJSON(): NumericalStatisticsJson {
    return {
      plan: this.plan,
      moments: this.moments.toJSON(),
      quantiles: this.quantiles?.toJSON(),
      histogram: this.histogram?.toJSON(),
    };
  }

  static fromJSON(json: unknown): NumericalStatistics {
    const state = parseAccumulatorJson("numerical statistics", numericalStatisticsJson, json);
    const statistics = new NumericalStatistics(state.plan);
    statistics.moments = Moments.fromJSON(state.moments);
    statistics.quantiles = plannedPartFromJson(
      "quantiles",
      statistics.quantiles,
      state.quantiles,
      KllSketch.fromJSON,
    );
    statistics.histogram = plannedPartFromJson(
      "histogram",
      statistics.histogram,
      state.histogram,
      Histogram.fromJSON,
    );
    return statistics;
  }

  private histogramCounts(): HistogramCounts | null {
    if (!this.histogram || !this.plan.histogram) return null;
    const { edges, counts, underflow, overflow } = this.histogram.result();
    return { edges, counts, underflow, overflow, edgesFrom: this.plan.histogram.edgesFrom };
  }
}
