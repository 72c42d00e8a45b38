import { z } from "zod";
import type { FeatureValue } from "../parse/inference_record";
import { Accumulator, parseAccumulatorJson, requireSameParameter } from "./accumulator";
import { CategoryCount, CategoryFrequencies } from "./categorical";
import { HyperLogLog } from "./distinct_count";
import { plannedPartFromJson } from "./planned_part";

const categoricalPlanJson = z.strictObject({
  type: z.literal("categorical"),
  categoryCapacity: z.number().int(),
  topK: z.number().int().nonnegative(),
  /** Report every tracked category's count, not only the top K. */
  frequencies: z.boolean(),
  /** HyperLogLog precision; absent when distinct counts are not asked for. */
  distinctPrecision: z.number().int().optional(),
});

/** What to accumulate and report for one categorical feature (see statistics_plan.ts for how the spec sets it). */
export type CategoricalPlan = z.output<typeof categoricalPlanJson>;

const categoricalStatisticsJson = z.strictObject({
  plan: categoricalPlanJson,
  frequencies: z.unknown(),
  distinct: z.unknown().optional(),
});
export type CategoricalStatisticsJson = z.output<typeof categoricalStatisticsJson>;

/** A categorical feature's statistics over one window. */
export interface CategoricalStatisticsResult {
  type: "categorical";
  /** Values accumulated (the feature present). */
  count: number;
  /** Records without a value for the feature. */
  missing: number;
  /** Distinct values, when asked for: exact while `frequenciesExact`, else a HyperLogLog estimate. */
  distinct?: number;
  /** The estimate is within ±1, ±2, ±3 of these (relative) of the truth ~65 %, 95 %, 99 % of the time; 0 when exact. */
  distinctRelativeStandardError?: number;
  /** The most frequent categories, largest count first (ties by value). */
  topK: CategoryCount[];
  /** Every tracked category's count, when asked for. */
  frequencies?: Record<string, number>;
  /** True while every category was counted exactly (at most categoryCapacity distinct values). */
  frequenciesExact: boolean;
  /** Each reported count c satisfies c ≤ true count ≤ c + maxUndercount; an unlisted category has at most maxUndercount. */
  maxUndercount: number;
}

/**
 * Everything reported for one categorical feature, as one accumulator:
 * category frequencies (exact up to the capacity, then Misra–Gries) always,
 * and a HyperLogLog when distinct counts are asked for. While the frequencies
 * are exact they list every category, so the distinct count is their number
 * and exact; past the capacity it is the HyperLogLog estimate.
 */
export class CategoricalStatistics implements Accumulator<
  FeatureValue,
  CategoricalStatisticsResult,
  CategoricalStatisticsJson
> {
  private frequencies: CategoryFrequencies;
  private distinct: HyperLogLog | undefined;

  constructor(readonly plan: CategoricalPlan) {
    this.frequencies = new CategoryFrequencies(plan.categoryCapacity);
    if (plan.distinctPrecision !== undefined) this.distinct = new HyperLogLog(plan.distinctPrecision);
  }

  add(value: FeatureValue): void {
    this.frequencies.add(value);
    this.distinct?.add(value);
  }

  merge(other: CategoricalStatistics): void {
    requireSameParameter("categorical statistics", "plan", this.plan, other.plan);
    this.frequencies.merge(other.frequencies);
    if (this.distinct && other.distinct) this.distinct.merge(other.distinct);
  }

  /** The category counts, for readers that need more than `result()` (drift compares them with the baseline's). */
  categoryFrequencies(): CategoryFrequencies {
    return this.frequencies;
  }

  result(): CategoricalStatisticsResult {
    const frequencies = this.frequencies.result(this.plan.topK);
    const result: CategoricalStatisticsResult = {
      type: "categorical",
      count: frequencies.count,
      missing: frequencies.missing,
      topK: frequencies.topK,
      frequenciesExact: frequencies.exact,
      maxUndercount: frequencies.maxUndercount,
    };
    if (this.distinct) {
      const estimate = this.distinct.result();
      result.distinct = frequencies.exact ? Object.keys(frequencies.frequencies).length : estimate.estimate;
      result.distinctRelativeStandardError = frequencies.exact ? 0 : estimate.relativeStandardError;
    }
    if (this.plan.frequencies) result.frequencies = frequencies.frequencies;
    return result;
  }

  toJSON(): CategoricalStatisticsJson {
    return { plan: this.plan, frequencies: this.frequencies.toJSON(), distinct: this.distinct?.toJSON() };
  }

  static fromJSON(json: unknown): CategoricalStatistics {
    const state = parseAccumulatorJson("categorical statistics", categoricalStatisticsJson, json);
    const statistics = new CategoricalStatistics(state.plan);
    statistics.frequencies = CategoryFrequencies.fromJSON(state.frequencies);
    statistics.distinct = plannedPartFromJson(
      "distinct",
      statistics.distinct,
      state.distinct,
      HyperLogLog.fromJSON,
    );
    return statistics;
  }
}
