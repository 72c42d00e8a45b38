import { KllSketch, quantileEdges } from "../../transforms/statistics";

/** Deciles: the conventional binning for the population stability index, and 5+ expected per bin from 50 values. */
export const DEFAULT_BIN_COUNT = 10;

/**
 * A numerical feature's baseline histogram edges, and the rule in words for
 * the profile's `edgesRule`.
 *
 * Rule: equal-mass bins, the edges being the training data's quantiles at
 * 0, 1/b, …, 1 from its KLL sketch (b = binCount; the ends are the exact min
 * and max), with repeated quantiles merged, so at most b bins and fewer for a
 * feature with few distinct values (a constant one gets the point bin [v, v]).
 *
 * Why quantiles, not equal widths over [min, max]: every bin then holds about
 * 1/b of the baseline, so none is empty (KL, PSI and χ² divide by the baseline's
 * bin probability), and a long tail does not squeeze the bulk of the data into
 * one or two bins: the example's January arrival delays run from −59 to 375
 * minutes, with 80 % of them between −16 and 36. Each bin's baseline mass is 1/b only within the sketch's
 * rank error (±1.3 % per edge at k = 200), but the counts themselves are exact:
 * the baseline job counts them in a second pass over the data on these edges.
 */
export function baselineHistogramEdges(
  quantiles: KllSketch,
  binCount = DEFAULT_BIN_COUNT,
): { edges: number[]; edgesRule: string } {
  const edges = quantileEdges(quantiles, binCount);
  const bins = edges.length - 1;
  const merged = bins < binCount ? `, ${bins} after merging repeated quantiles` : "";
  return { edges, edgesRule: `quantile, ${binCount} bins${merged}` };
}
