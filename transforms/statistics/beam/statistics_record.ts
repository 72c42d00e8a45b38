import type { MonitorResult, PaneLabel, WindowInterval } from "../../io/results";
import type { CategoricalStatisticsResult, NumericalStatisticsResult } from "..";

/** What every statistics record has: the model, what it describes, and which window pane. */
interface StatisticsLabels extends MonitorResult {
  kind: "statistics";
  model: string;
  window: WindowInterval;
  pane: PaneLabel;
}

/**
 * A feature's (or the prediction's) statistics over one window pane. Panes
 * accumulate, so the record with `pane.final` describes the complete window.
 * `type` says which fields follow (NumericalStatisticsResult or
 * CategoricalStatisticsResult document each).
 */
export type FeatureStatisticsRecord = StatisticsLabels & {
  feature: string;
  /** Whether `feature` is one of the spec's features or its prediction. */
  role: "feature" | "prediction";
} & (NumericalStatisticsResult | CategoricalStatisticsResult);

/**
 * Pairwise statistics of the numerical features over one window pane,
 * `feature: "*"`. Each pair (i, j) is computed over the records where both
 * values are present; `counts[i][j]` says how many, `counts[i][i]` is feature
 * i's count.
 */
export interface CorrelationRecord extends StatisticsLabels {
  feature: "*";
  type: "correlation";
  correlation: {
    features: string[];
    /** Pearson r; null for fewer than 2 pairs or a constant feature. */
    pearson: (number | null)[][];
    /** Sample covariance Σ(x − x̄)(y − ȳ)/(n − 1); null for n < 2. */
    covariance: (number | null)[][];
    counts: number[][];
  };
}

export type StatisticsRecord = FeatureStatisticsRecord | CorrelationRecord;
