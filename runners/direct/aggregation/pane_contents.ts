import type { CombineFn } from "apache-beam/transforms/group_and_combine";

/** How a value of the aggregation's state is written into a checkpoint and read back (through its Beam coder). */
export interface StateCodec<T> {
  encode(value: T): string;
  decode(text: string): T;
}

/** For plain JSON values (tests, numbers): the value's JSON text. */
export function jsonStateCodec<T>(): StateCodec<T> {
  return { encode: (value) => JSON.stringify(value), decode: (text) => JSON.parse(text) as T };
}

/** What a key and window has accumulated since its contents were last cleared. */
export interface PaneContents<V, Out> {
  add(value: V): void;
  /** Folds this bundle's additions into the window's state (a no-op when there is nothing to fold). */
  settle(): void;
  /** The pane's value: everything added since the last clear. */
  output(): Out;
  clear(): void;
  /** Everything added since the last clear, folded, in a checkpoint's form. */
  snapshot(): unknown;
  restore(state: unknown): void;
}

/** GroupByKey's contents: the values themselves, in arrival order. */
export function bufferedValues<V>(codec: StateCodec<V> = jsonStateCodec()): PaneContents<V, V[]> {
  let values: V[] = [];
  return {
    add: (value) => void values.push(value),
    settle: () => {},
    output: () => values.slice(),
    clear: () => void (values = []),
    snapshot: () => values.map((value) => codec.encode(value)),
    restore: (state) => void (values = (state as string[]).map((text) => codec.decode(text))),
  };
}

/**
 * A lifted combine's contents: inputs go into a per-bundle partial
 * accumulator, and each bundle's partial is merged into the window's
 * accumulator with one mergeAccumulators([window, partial]) call, as a
 * distributed runner merges the partials of its workers. No input is kept.
 */
export function combinedValues<V, A, O>(
  combineFn: CombineFn<V, A, O>,
  accumulatorCodec: StateCodec<A> = jsonStateCodec(),
): PaneContents<V, O> {
  let windowAccumulator = combineFn.createAccumulator();
  // Some CombineFns (Beam's max, min, binaryCombineFn) use undefined as an accumulator, so presence is tracked apart.
  let bundlePartial: { accumulator: A } | undefined;
  const settle = () => {
    if (bundlePartial === undefined) return;
    windowAccumulator = combineFn.mergeAccumulators([windowAccumulator, bundlePartial.accumulator]);
    bundlePartial = undefined;
  };
  return {
    add(value) {
      bundlePartial ??= { accumulator: combineFn.createAccumulator() };
      bundlePartial.accumulator = combineFn.addInput(bundlePartial.accumulator, value);
    },
    settle,
    output() {
      settle();
      return combineFn.extractOutput(windowAccumulator);
    },
    clear() {
      windowAccumulator = combineFn.createAccumulator();
      bundlePartial = undefined;
    },
    snapshot() {
      settle();
      return accumulatorCodec.encode(windowAccumulator);
    },
    restore(state) {
      windowAccumulator = accumulatorCodec.decode(state as string);
      bundlePartial = undefined;
    },
  };
}
