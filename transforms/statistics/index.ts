export { AccumulatorError } from "./accumulator";
export type { Accumulator } from "./accumulator";
export type { NumericValue } from "./excluded_values";
export { Moments, MomentsJson, MomentsResult } from "./moments";
export {
  DEFAULT_KLL_K,
  KllSketch,
  KllSketchJson,
  QuantileSummary,
  SortedView,
  kllNormalizedRankError,
} from "./quantile_sketch";
export { Histogram, HistogramJson, HistogramResult, quantileEdges } from "./histogram";
export {
  CategoryCount,
  CategoryFrequencies,
  CategoryFrequenciesJson,
  CategoryFrequenciesResult,
  DEFAULT_CATEGORY_CAPACITY,
} from "./categorical";
export { DEFAULT_HLL_PRECISION, DistinctCountResult, HyperLogLog, HyperLogLogJson } from "./distinct_count";
export { CoMoments, CoMomentsJson, CoMomentsResult } from "./comoments";
export {
  EdgesSource,
  HistogramCounts,
  NumericalParts,
  NumericalPlan,
  NumericalStatistics,
  NumericalStatisticsResult,
} from "./numerical_statistics";
export {
  CategoricalPlan,
  CategoricalStatistics,
  CategoricalStatisticsResult,
} from "./categorical_statistics";
export {
  BoundStatistics,
  FeatureObservation,
  FeaturePlan,
  FeaturePlans,
  FeatureStatistics,
  FeatureStatisticsJson,
  FeatureStatisticsResult,
} from "./feature_statistics";
