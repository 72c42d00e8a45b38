import type { BaselineProfile, FeatureBaseline } from "../../transforms/baseline/baseline_profile";
import type { FeatureValue } from "../../transforms/parse/inference_record";
import { CategoryFrequencies, CoMoments, Histogram, KllSketch, Moments } from "../../transforms/statistics";
import { equalWidthEdges } from "../statistics/equal_width_edges";

/** The training columns of a test baseline: numbers for numerical features, strings for categorical ones. */
export type BaselineColumns = Record<string, readonly number[] | readonly string[]>;

/**
 * A baseline profile accumulated from columns, as the baseline job would:
 * moments, a KLL sketch and a 10-bin histogram per numerical feature, category
 * frequencies per categorical one, and co-moments over the numerical features
 * row by row (`coMoments` replaces them, e.g. to give a covariance by hand).
 */
export function baselineOf(
  columns: BaselineColumns,
  options: { categoryCapacity?: number; coMoments?: CoMoments } = {},
): BaselineProfile {
  const features: Record<string, FeatureBaseline> = {};
  const numerical: string[] = [];
  for (const [name, column] of Object.entries(columns)) {
    if (column.every((value) => typeof value === "number")) {
      numerical.push(name);
      const values = column as readonly number[];
      const moments = new Moments();
      const quantiles = new KllSketch();
      const histogram = new Histogram(equalWidthEdges(Math.min(...values), Math.max(...values) + 1, 10));
      for (const value of values) {
        moments.add(value);
        quantiles.add(value);
        histogram.add(value);
      }
      features[name] = {
        type: "numerical",
        moments,
        quantiles,
        histogram,
        edgesRule: "equal width, 10 bins",
      };
    } else {
      const frequencies = new CategoryFrequencies(options.categoryCapacity);
      for (const value of column) frequencies.add(value as FeatureValue);
      features[name] = { type: "categorical", frequencies };
    }
  }
  const coMoments =
    options.coMoments ?? (numerical.length > 0 ? rowByRowCoMoments(numerical, columns) : undefined);
  return {
    model: "test-model",
    createdAt: "2026-01-01T00:00:00.000Z",
    source: { data: "test", rows: 0, badRows: 0 },
    features,
    coMoments,
  };
}

function rowByRowCoMoments(numerical: string[], columns: BaselineColumns): CoMoments {
  const coMoments = new CoMoments(numerical);
  const numericalColumns = numerical.map((name) => columns[name] as readonly number[]);
  numericalColumns[0].forEach((_, row) => coMoments.add(numericalColumns.map((column) => column[row])));
  return coMoments;
}

/**
 * Co-moments with exactly the given means and sample covariance over n
 * complete rows: each pair's co-moment is covariance·(n − 1) and its M2s are
 * variance·(n − 1), in the JSON form CoMoments reads.
 */
export function coMomentsWith(
  features: readonly string[],
  means: readonly number[],
  covariance: readonly (readonly number[])[],
  n = 1000,
): CoMoments {
  const pairs: number[][] = [];
  for (let i = 0; i < features.length; i++) {
    for (let j = i; j < features.length; j++) {
      const scale = n - 1;
      pairs.push([
        n,
        means[i],
        means[j],
        covariance[i][j] * scale,
        covariance[i][i] * scale,
        covariance[j][j] * scale,
      ]);
    }
  }
  return CoMoments.fromJSON({ features, pairs });
}
