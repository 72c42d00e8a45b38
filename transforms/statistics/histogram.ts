import { z } from "zod";
import {
  Accumulator,
  AccumulatorError,
  countJson,
  parseAccumulatorJson,
  requireSameParameter,
} from "./accumulator";
import { ExcludedValues, NumericValue, excludedValuesJson } from "./excluded_values";
import { partitionPoint } from "./partition_point";
import { KllSketch } from "./quantile_sketch";

/**
 * Why edges are valid: finite and strictly increasing, so every bin has a
 * width; the one exception is a single point bin [v, v], which is what a
 * constant baseline feature gets (every other value then falls outside it).
 */
function edgesProblem(edges: readonly number[]): string | undefined {
  if (edges.length < 2) return `at least 2 edges are needed, got ${edges.length}`;
  const nonFinite = edges.findIndex((edge) => !Number.isFinite(edge));
  if (nonFinite >= 0) return `edge ${nonFinite} is ${edges[nonFinite]}, not a finite number`;
  if (edges.length === 2 && edges[0] === edges[1]) return undefined;
  const unordered = edges.findIndex((edge, i) => i > 0 && !(edges[i - 1] < edge));
  if (unordered >= 0) {
    return `edges must be strictly increasing, but edge ${unordered} (${edges[unordered]}) follows ${edges[unordered - 1]}`;
  }
  return undefined;
}

const histogramJson = z
  .strictObject({
    edges: z.array(z.number()),
    counts: z.array(countJson),
    underflow: countJson,
    overflow: countJson,
    ...excludedValuesJson,
  })
  .superRefine((state, context) => {
    const problem = edgesProblem(state.edges);
    if (problem !== undefined) context.addIssue({ code: "custom", message: problem, path: ["edges"] });
    if (state.counts.length !== state.edges.length - 1) {
      context.addIssue({
        code: "custom",
        message: "there must be one count per bin (edges − 1)",
        path: ["counts"],
      });
    }
  });
export type HistogramJson = z.output<typeof histogramJson>;

export interface HistogramResult {
  edges: number[];
  /** counts[i] for bin [edges[i], edges[i+1]); the last bin is closed. */
  counts: number[];
  /** Values below the first edge. */
  underflow: number;
  /** Values above the last edge. */
  overflow: number;
  /** Finite values counted: Σ counts + underflow + overflow. */
  count: number;
  missing: number;
  nonFinite: number;
}

/**
 * Counts per bin over fixed edges e0 < e1 < … < em (typically a baseline's, so
 * that a window and its baseline compare bin for bin). Bins are [e_i, e_{i+1})
 * except the last, [e_{m−1}, e_m], which is closed so the baseline's max falls
 * inside. No finite value is dropped: below e0 is underflow, above e_m is
 * overflow. Merging is adding counts, and requires identical edges.
 */
export class Histogram implements Accumulator<NumericValue, HistogramResult, HistogramJson> {
  private readonly edges: number[];
  private counts: number[];
  private underflow = 0;
  private overflow = 0;
  private excluded = new ExcludedValues();

  constructor(edges: readonly number[]) {
    const problem = edgesProblem(edges);
    if (problem !== undefined) throw new AccumulatorError(`invalid histogram edges: ${problem}`);
    this.edges = [...edges];
    this.counts = new Array<number>(edges.length - 1).fill(0);
  }

  add(value: NumericValue): void {
    if (!this.excluded.admit(value)) return;
    if (value < this.edges[0]) {
      this.underflow += 1;
    } else if (value > this.edges[this.edges.length - 1]) {
      this.overflow += 1;
    } else {
      const bin = partitionPoint(this.edges, (edge) => edge <= value) - 1;
      this.counts[Math.min(bin, this.counts.length - 1)] += 1;
    }
  }

  merge(other: Histogram): void {
    requireSameParameter("histogram", "edges", this.edges, other.edges);
    other.counts.forEach((count, bin) => (this.counts[bin] += count));
    this.underflow += other.underflow;
    this.overflow += other.overflow;
    this.excluded.merge(other.excluded);
  }

  result(): HistogramResult {
    const json = this.toJSON();
    const count = json.counts.reduce((total, binCount) => total + binCount, json.underflow + json.overflow);
    return { ...json, count };
  }

  toJSON(): HistogramJson {
    return {
      edges: [...this.edges],
      counts: [...this.counts],
      underflow: this.underflow,
      overflow: this.overflow,
      missing: this.excluded.missing,
      nonFinite: this.excluded.nonFinite,
    };
  }

  static fromJSON(json: unknown): Histogram {
    const state = parseAccumulatorJson("histogram", histogramJson, json);
    const histogram = new Histogram(state.edges);
    histogram.counts = [...state.counts];
    histogram.underflow = state.underflow;
    histogram.overflow = state.overflow;
    histogram.excluded = new ExcludedValues(state.missing, state.nonFinite);
    return histogram;
  }
}

/**
 * Equal-mass bins from a sketch of the data (e.g. the baseline): the edges are
 * the quantiles at 0, 1/binCount, …, 1, so the ends are the exact min and max
 * and, for binCount = 10, the inner edges are the deciles. Repeated quantiles
 * (a feature with few distinct values) collapse, leaving fewer, wider bins; each
 * bin's mass is then only approximately 1/binCount.
 */
export function quantileEdges(sketch: KllSketch, binCount = 10): number[] {
  requireBinCount(binCount);
  if (sketch.quantile(0) === null)
    throw new AccumulatorError("cannot choose histogram edges from an empty sketch");
  const quantiles = Array.from({ length: binCount + 1 }, (_, i) => sketch.quantile(i / binCount) as number);
  return distinctEdges(quantiles);
}

function requireBinCount(binCount: number): void {
  if (!(Number.isInteger(binCount) && binCount >= 1)) {
    throw new AccumulatorError(`the number of histogram bins must be a positive integer, got ${binCount}`);
  }
}

/** Drops repeats from ascending candidate edges; a single distinct value becomes the point bin [v, v]. */
function distinctEdges(ascending: number[]): number[] {
  const distinct = ascending.filter((edge, i) => i === 0 || edge > ascending[i - 1]);
  return distinct.length === 1 ? [distinct[0], distinct[0]] : distinct;
}
