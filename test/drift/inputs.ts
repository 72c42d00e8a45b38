import { AlignedCounts, CategoryCounts, WeightedSample } from "../../transforms/drift/distributions";

/** Two count vectors over outcomes named "0", "1", …. */
export function counts(baseline: number[], current: number[]): AlignedCounts {
  return { outcomes: baseline.map((_, i) => String(i)), baseline, current };
}

export function categories(counts: Record<string, number>, untracked = 0): CategoryCounts {
  return { counts: new Map(Object.entries(counts)), untracked };
}

/** Raw values as an exact weighted sample, weight 1 each. */
export function exactSample(values: readonly number[]): WeightedSample {
  return {
    values: Array.from(Float64Array.from(values).sort()),
    cumulativeWeights: values.map((_, i) => i + 1),
    rankError: 0,
  };
}

/** A weighted sample from values and their weights, in any order. */
export function weighted(values: number[], weights: number[], rankError = 0): WeightedSample {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  let cumulative = 0;
  return {
    values: order.map((i) => values[i]),
    cumulativeWeights: order.map((i) => (cumulative += weights[i])),
    rankError,
  };
}
