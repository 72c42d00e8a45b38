import type { CombineFn } from "apache-beam/transforms/group_and_combine";
import type { Accumulator } from "../accumulator";
import { requireForSerialization } from "apache-beam/serialization";
import * as accumulatorCoder from "./accumulator_coder";

// The coder class is reached from the CombineFn on workers; it travels by module reference.
requireForSerialization("beam-model-monitor/transforms/statistics/beam/accumulator_coder", accumulatorCoder);

/**
 * A Beam CombineFn over one of our accumulators. Merging folds every input
 * into a fresh accumulator, so no input accumulator is mutated (a runner may
 * still hold one); `create` fixes the parameters (sketch size, bin edges),
 * which must be the same for every accumulator of one combine.
 */
export function accumulatorCombineFn<In, Out, A extends Accumulator<In, Out, unknown>>(
  className: accumulatorCoder.AccumulatorClassName,
  create: () => A,
): CombineFn<In, A, Out> {
  return {
    createAccumulator: create,
    addInput: (accumulator: A, input: In) => {
      accumulator.add(input);
      return accumulator;
    },
    mergeAccumulators: (accumulators: Iterable<A>) => {
      const merged = create();
      for (const accumulator of accumulators) merged.merge(accumulator);
      return merged;
    },
    extractOutput: (accumulator: A) => accumulator.result(),
    accumulatorCoder: () => new accumulatorCoder.AccumulatorCoder<A>(className),
  };
}
