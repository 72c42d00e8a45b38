import { z } from "zod";
import type { FeatureValue } from "../parse/inference_record";
import {
  Accumulator,
  AccumulatorError,
  countJson,
  parseAccumulatorJson,
  requireSameParameter,
} from "./accumulator";

export const DEFAULT_CATEGORY_CAPACITY = 1000;
const DEFAULT_TOP_K = 10;

const categoryFrequenciesJson = z
  .strictObject({
    /** Counters kept (Misra–Gries k). */
    capacity: z.number().int().positive(),
    /** Non-missing values seen. */
    count: countJson,
    missing: countJson,
    /** [category, counter] pairs, largest counter first. */
    counters: z.array(z.tuple([z.string(), z.number().int().positive()])),
  })
  .refine((state) => state.counters.length <= state.capacity, { message: "more counters than the capacity" })
  .refine((state) => new Set(state.counters.map(([category]) => category)).size === state.counters.length, {
    message: "a category appears twice",
  })
  .refine((state) => state.counters.reduce((total, [, counter]) => total + counter, 0) <= state.count, {
    message: "the counters add up to more than count",
  });
export type CategoryFrequenciesJson = z.output<typeof categoryFrequenciesJson>;

export interface CategoryCount {
  value: string;
  count: number;
}

export interface CategoryFrequenciesResult {
  /** Non-missing values seen. */
  count: number;
  missing: number;
  /** True while no more than `capacity` distinct categories were seen: every count is exact. */
  exact: boolean;
  /** Each reported count c satisfies c ≤ true count ≤ c + maxUndercount (0 when exact). */
  maxUndercount: number;
  /** The most frequent categories, largest count first (ties by category). */
  topK: CategoryCount[];
  /** Every tracked category's count; categories not listed have true count ≤ maxUndercount. */
  frequencies: Record<string, number>;
}

/**
 * Category frequencies: exact up to `capacity` distinct categories, then a
 * Misra–Gries frequent-items summary with `capacity` counters (Misra & Gries,
 * "Finding repeated elements", 1982).
 *
 * Add: a tracked category's counter grows by one; a new one gets a counter if
 * one is free; otherwise every counter drops by one (deleting those at zero)
 * and the new value is dropped too — k + 1 units gone per such step.
 * Merge (Agarwal et al., "Mergeable Summaries", PODS 2012, §3): add the
 * counters, then subtract the (k+1)-th largest counter from all and drop the
 * non-positive ones, leaving at most k.
 * Bound: counters only undercount, by at most (n − Σ counters)/(k + 1) ≤ n/(k + 1),
 * through any sequence of adds and merges; so every category with true count
 * above that bound is tracked. Numbers are counted under their string form.
 */
export class CategoryFrequencies implements Accumulator<
  FeatureValue,
  CategoryFrequenciesResult,
  CategoryFrequenciesJson
> {
  private count = 0;
  private missing = 0;
  private counters = new Map<string, number>();

  constructor(readonly capacity = DEFAULT_CATEGORY_CAPACITY) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new AccumulatorError(`the category capacity must be a positive integer, got ${capacity}`);
    }
  }

  add(value: FeatureValue): void {
    if (value === null) {
      this.missing += 1;
      return;
    }
    this.count += 1;
    const category = String(value);
    const counter = this.counters.get(category);
    if (counter !== undefined) {
      this.counters.set(category, counter + 1);
    } else if (this.counters.size < this.capacity) {
      this.counters.set(category, 1);
    } else {
      this.subtractFromAll(1);
    }
  }

  merge(other: CategoryFrequencies): void {
    requireSameParameter("category frequencies", "capacity", this.capacity, other.capacity);
    this.count += other.count;
    this.missing += other.missing;
    for (const [category, counter] of other.counters) {
      this.counters.set(category, (this.counters.get(category) ?? 0) + counter);
    }
    if (this.counters.size > this.capacity) {
      const largestFirst = [...this.counters.values()].sort((a, b) => b - a);
      this.subtractFromAll(largestFirst[this.capacity]);
    }
  }

  /** Non-missing values seen: `result().count` without ranking the counters. */
  valueCount(): number {
    return this.count;
  }

  /** Frequencies, with the `topK` most frequent categories listed (10 by default). */
  result(topK = DEFAULT_TOP_K): CategoryFrequenciesResult {
    const ranked = this.rankedCounters();
    const tracked = ranked.reduce((total, [, counter]) => total + counter, 0);
    return {
      count: this.count,
      missing: this.missing,
      exact: tracked === this.count,
      maxUndercount: Math.floor((this.count - tracked) / (this.capacity + 1)),
      topK: ranked.slice(0, topK).map(([value, count]) => ({ value, count })),
      frequencies: Object.fromEntries(ranked),
    };
  }

  toJSON(): CategoryFrequenciesJson {
    return {
      capacity: this.capacity,
      count: this.count,
      missing: this.missing,
      counters: this.rankedCounters(),
    };
  }

  static fromJSON(json: unknown): CategoryFrequencies {
    const state = parseAccumulatorJson("category frequencies", categoryFrequenciesJson, json);
    const frequencies = new CategoryFrequencies(state.capacity);
    frequencies.count = state.count;
    frequencies.missing = state.missing;
    frequencies.counters = new Map(state.counters);
    return frequencies;
  }

  private subtractFromAll(amount: number): void {
    for (const [category, counter] of this.counters) {
      if (counter > amount) this.counters.set(category, counter - amount);
      else this.counters.delete(category);
    }
  }

  private rankedCounters(): [string, number][] {
    return [...this.counters].sort(
      ([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0),
    );
  }
}
