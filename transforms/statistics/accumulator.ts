import { z } from "zod";

/**
 * The one shape of every statistic in this folder, after Apache DataSketches
 * (update, merge, query, serialize): a mutable value with exactly `add`,
 * `merge`, `result` and a JSON form, plus a static `fromJSON` on its class.
 *
 * Why classes and not plain-object state: sketches keep fast in-memory forms
 * (Maps, sorted levels) whose compact wire form differs from them (HLL
 * registers as a 4 KiB string, Misra–Gries counters as pairs), and `fromJSON`
 * is where untrusted baseline files are validated. The CombineFn wrapper is
 * then generic and a few lines for all six: `createAccumulator` = a factory,
 * `addInput` = `add` then return the accumulator, `mergeAccumulators` = fold
 * `merge` into the first, `extractOutput` = `result`, and an accumulator coder
 * that writes `JSON.stringify(acc)` and reads with `fromJSON`. That coder is
 * required: Beam's default object coder (BSON) would drop the prototype.
 *
 * `merge` must equal accumulating both inputs in one pass (exactly, or within
 * the documented error bound for sketches): that is what makes combiner
 * lifting on Flink and Dataflow correct.
 */
export interface Accumulator<In, Result, Json> {
  /** Adds one input value (mutates this accumulator). */
  add(value: In): void;
  /** Folds `other` into this accumulator (mutates this one, leaves `other` unchanged). */
  merge(other: this): void;
  result(): Result;
  /** A plain JSON-serializable object that the class's `fromJSON` reads back. */
  toJSON(): Json;
}

/** Malformed accumulator JSON, or a merge of accumulators built with different parameters. */
export class AccumulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccumulatorError";
  }
}

/** Validates an accumulator's JSON form, naming the accumulator and the offending field when it is wrong. */
export function parseAccumulatorJson<Schema extends z.ZodType>(
  accumulator: string,
  schema: Schema,
  json: unknown,
): z.output<Schema> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AccumulatorError(`invalid ${accumulator} JSON:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** Throws unless two accumulators were built with the same parameter, since merging them would be meaningless. */
export function requireSameParameter<T>(accumulator: string, parameter: string, ours: T, theirs: T): void {
  if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
    throw new AccumulatorError(
      `cannot merge ${accumulator} accumulators with different ${parameter}: ` +
        `${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`,
    );
  }
}

/** A count of inputs in an accumulator's JSON form. */
export const countJson = z.number().int().nonnegative();

/** The JSON invariant of an accumulator that tracks min and max: both are null exactly when it counted nothing. */
export const extremesNullExactlyWhenEmpty = {
  holds: (count: number, min: number | null, max: number | null): boolean =>
    (count === 0) === (min === null) && (min === null) === (max === null),
  message: "min and max must be null exactly when nothing was counted",
};
