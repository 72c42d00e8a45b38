import type { FeatureSpec } from "../../pipelines/spec/schema";
import type { StatisticsSpec } from "../../pipelines/spec/statistics_spec";
import type { BaselineProfile } from "../baseline/baseline_profile";
import type { FeaturePlan, FeaturePlans } from "./feature_statistics";
import type { NumericalPlan } from "./numerical_statistics";
import { monitoredFeatures } from "../../pipelines/spec/monitored_features";

/** What windowed statistics computes, decided once when the pipeline is built. */
export interface StatisticsPlan {
  /** The spec's features, in spec order. */
  features: string[];
  prediction?: string;
  /** What to compute for each feature and the prediction, by name. */
  plans: FeaturePlans;
  /** The numerical features whose pairwise correlation is reported, in spec order; empty when none is. */
  correlation: string[];
}

/** The parts of a spec the plan depends on. */
export interface StatisticsPlanSpec {
  features: readonly FeatureSpec[];
  prediction?: FeatureSpec;
  statistics: StatisticsSpec;
}

/** A spec and its baseline profile disagree (the profile was built for another spec). */
export class StatisticsPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StatisticsPlanError";
  }
}

/**
 * The spec's `statistics:` section applied to its features and prediction.
 * Histogram edges: the baseline's for a feature it covers, so window and
 * baseline compare bin for bin; else the spec's `histogramEdges`; else none
 * (the record says `histogram: null` rather than inventing edges from the
 * window, which would not compare with anything). Correlation covers the
 * numerical features, not the prediction: requests and responses are
 * separate records in most formats, so a row rarely has both.
 */
export function statisticsPlan(spec: StatisticsPlanSpec, baseline?: BaselineProfile): StatisticsPlan {
  const settings = spec.statistics;
  const all = monitoredFeatures(spec);
  const plans: Record<string, FeaturePlan> = {};
  for (const feature of all) {
    const profiledType = baseline?.features[feature.name]?.type;
    if (profiledType !== undefined && profiledType !== feature.type) {
      throw new StatisticsPlanError(
        `feature "${feature.name}" is ${feature.type} in the spec but ${profiledType} in the baseline profile`,
      );
    }
    plans[feature.name] =
      feature.type === "numerical"
        ? {
            type: "numerical",
            quantiles: settings.quantiles,
            quantileSketchK: settings.quantileSketchK,
            exactQuantilesUpTo: settings.exactQuantilesUpTo,
            histogram: settings.histogram ? histogramEdges(feature.name, settings, baseline) : undefined,
          }
        : {
            type: "categorical",
            categoryCapacity: settings.categoryCapacity,
            topK: settings.topK,
            frequencies: settings.frequencies,
            distinctPrecision: settings.distinct ? settings.distinctPrecision : undefined,
          };
  }
  const numerical = spec.features.filter((feature) => feature.type === "numerical").map((f) => f.name);
  return {
    features: spec.features.map((feature) => feature.name),
    prediction: spec.prediction?.name,
    plans,
    correlation: settings.correlation && numerical.length >= 2 ? numerical : [],
  };
}

function histogramEdges(
  feature: string,
  settings: StatisticsSpec,
  baseline: BaselineProfile | undefined,
): NumericalPlan["histogram"] {
  const profiled = baseline?.features[feature];
  if (profiled?.type === "numerical")
    return { edges: profiled.histogram.result().edges, edgesFrom: "baseline" };
  const edges = settings.histogramEdges[feature];
  return edges ? { edges, edgesFrom: "spec" } : null;
}
