import { z } from "zod";
import type { FeatureValue } from "../parse/inference_record";
import { Accumulator, AccumulatorError, parseAccumulatorJson, requireSameParameter } from "./accumulator";
import {
  CategoricalPlan,
  CategoricalStatistics,
  CategoricalStatisticsResult,
} from "./categorical_statistics";
import type { NumericValue } from "./excluded_values";
import { NumericalPlan, NumericalStatistics, NumericalStatisticsResult } from "./numerical_statistics";

/** One record's value of one feature (or of the prediction), named. */
export interface FeatureObservation {
  feature: string;
  value: FeatureValue;
}

export type FeaturePlan = NumericalPlan | CategoricalPlan;
/** Each feature's plan, by feature name (the prediction included). */
export type FeaturePlans = Readonly<Record<string, FeaturePlan>>;
export type FeatureStatisticsResult = NumericalStatisticsResult | CategoricalStatisticsResult;

/** A feature's accumulator as its type says; what FeatureStatistics holds once it has a feature. */
export type BoundStatistics =
  | { feature: string; type: "numerical"; statistics: NumericalStatistics }
  | { feature: string; type: "categorical"; statistics: CategoricalStatistics };

const featureStatisticsJson = z.union([
  z.strictObject({ feature: z.null() }),
  z.strictObject({
    feature: z.string(),
    type: z.enum(["numerical", "categorical"]),
    statistics: z.unknown(),
  }),
]);
export type FeatureStatisticsJson = z.output<typeof featureStatisticsJson>;

/**
 * The statistics of one feature over one window, as the single accumulator of
 * the per-feature combine: numerical (NumericalStatistics) or categorical
 * (CategoricalStatistics) as the feature's plan says.
 *
 * Why it starts unbound: a Beam CombineFn creates accumulators without their
 * key, so an accumulator learns its feature from its first observation (or the
 * first accumulator merged into it) and takes that feature's plan from the
 * table it was made with. Until then it is empty, and merging an empty one is
 * a no-op. After that it takes only its own feature (another is an error: a
 * combine keyed by feature never mixes them). A decoded accumulator carries
 * its plan in its JSON but not the table, so an unbound decoded one can merge
 * but not take observations; runners only merge decoded accumulators.
 */
export class FeatureStatistics implements Accumulator<
  FeatureObservation,
  FeatureStatisticsResult | undefined,
  FeatureStatisticsJson
> {
  private bound: BoundStatistics | undefined;

  private constructor(private readonly plans: FeaturePlans) {}

  /** An empty accumulator for any one of these features. */
  static forFeatures(plans: FeaturePlans): FeatureStatistics {
    return new FeatureStatistics(plans);
  }

  /** The feature this accumulator is bound to; undefined while empty. */
  get feature(): string | undefined {
    return this.bound?.feature;
  }

  add({ feature, value }: FeatureObservation): void {
    const bound = this.bound ?? this.bind(feature, this.planOf(feature));
    if (bound.feature !== feature) {
      throw new AccumulatorError(`statistics of "${bound.feature}" cannot take a value of "${feature}"`);
    }
    // Parsing gives a numerical feature a finite number or null (featureValue), never a string.
    if (bound.type === "numerical") bound.statistics.add(value as NumericValue);
    else bound.statistics.add(value);
  }

  merge(other: FeatureStatistics): void {
    if (other.bound === undefined) return;
    const bound = this.bound ?? this.bind(other.bound.feature, other.bound.statistics.plan);
    requireSameParameter("feature statistics", "feature", bound.feature, other.bound.feature);
    if (bound.type === "numerical" && other.bound.type === "numerical") {
      bound.statistics.merge(other.bound.statistics);
    } else if (bound.type === "categorical" && other.bound.type === "categorical") {
      bound.statistics.merge(other.bound.statistics);
    } else {
      throw new AccumulatorError(
        `cannot merge ${other.bound.type} statistics into ${bound.type} statistics of "${bound.feature}"`,
      );
    }
  }

  /** The feature's own accumulator (numerical or categorical); undefined while empty. */
  boundStatistics(): BoundStatistics | undefined {
    return this.bound;
  }

  /** Values accumulated (the feature present): the result's `count`, without computing the rest. */
  valueCount(): number {
    const bound = this.bound;
    if (bound === undefined) return 0;
    return bound.type === "numerical"
      ? bound.statistics.parts().moments.result().count
      : bound.statistics.categoryFrequencies().valueCount();
  }

  /** The feature's statistics; undefined while nothing was accumulated. */
  result(): FeatureStatisticsResult | undefined {
    return this.bound?.statistics.result();
  }

  toJSON(): FeatureStatisticsJson {
    if (this.bound === undefined) return { feature: null };
    const { feature, type, statistics } = this.bound;
    return { feature, type, statistics: statistics.toJSON() };
  }

  static fromJSON(json: unknown): FeatureStatistics {
    const state = parseAccumulatorJson("feature statistics", featureStatisticsJson, json);
    const accumulator = new FeatureStatistics({});
    if (state.feature === null) return accumulator;
    accumulator.bound =
      state.type === "numerical"
        ? {
            feature: state.feature,
            type: "numerical",
            statistics: NumericalStatistics.fromJSON(state.statistics),
          }
        : {
            feature: state.feature,
            type: "categorical",
            statistics: CategoricalStatistics.fromJSON(state.statistics),
          };
    return accumulator;
  }

  private planOf(feature: string): FeaturePlan {
    if (!Object.hasOwn(this.plans, feature)) {
      throw new AccumulatorError(`no statistics plan for feature "${feature}"`);
    }
    return this.plans[feature];
  }

  private bind(feature: string, plan: FeaturePlan): BoundStatistics {
    this.bound =
      plan.type === "numerical"
        ? { feature, type: "numerical", statistics: new NumericalStatistics(plan) }
        : { feature, type: "categorical", statistics: new CategoricalStatistics(plan) };
    return this.bound;
  }
}
