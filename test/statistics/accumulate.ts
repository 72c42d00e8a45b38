import * as assert from "assert";
import { Accumulator } from "../../transforms/statistics/accumulator";

/** The single-pass reference: one accumulator over all values. */
export function accumulate<In, A extends Accumulator<In, unknown, unknown>>(
  create: () => A,
  values: readonly In[],
): A {
  const accumulator = create();
  for (const value of values) accumulator.add(value);
  return accumulator;
}

/**
 * What combiner lifting does: a partial accumulator per part (one worker's
 * bundle), sent through JSON as between workers, then merged into a fresh
 * accumulator. Also checks that `merge` leaves its argument unchanged.
 */
export function accumulateInParts<In, A extends Accumulator<In, unknown, unknown>>(
  create: () => A,
  fromJSON: (json: unknown) => A,
  parts: readonly (readonly In[])[],
): A {
  const merged = create();
  for (const part of parts) {
    const partial = throughJson(accumulate(create, part), fromJSON);
    const before = JSON.stringify(partial);
    merged.merge(partial);
    assert.strictEqual(JSON.stringify(partial), before, "merge changed its argument");
  }
  return merged;
}

/** To JSON text and back, as an accumulator coder would. */
export function throughJson<A>(accumulator: A, fromJSON: (json: unknown) => A): A {
  return fromJSON(JSON.parse(JSON.stringify(accumulator)));
}
