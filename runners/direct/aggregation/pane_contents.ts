import type { CombineFn } from "apache-beam/transforms/group_and_combine";

/** What a key and window has accumulated since its contents were last cleared. */
export interface PaneContents<V, Out> {
  add(value: V): void;
  /** Folds this bundle's additions into the window's state (a no-op when there is nothing to fold). */
  settle(): void;
  /** The pane's value: everything added since the last clear. */
  output(): Out;
  clear(): void;
}

/** GroupByKey's contents: the values themselves, in arrival order. */
export function bufferedValues<V>(): PaneContents<V, V[]> {
  let values: V[] = [];
  return {
    add: (value) => void values.push(value),
    settle: () => {},
    output: () => values.slice(),
    clear: () => void (values = []),
  };
}

/**
 * A lifted combine's contents: inputs go into a per-bundle partial
 * accumulator, and each bundle's partial is merged into the window's
 * accumulator with one mergeAccumulators([window, partial]) call, as a
 * distributed runner merges the partials of its workers. No input is kept.
 */
export function combinedValues<V, A, O>(combineFn: CombineFn<V, A, O>): PaneContents<V, O> {
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
  };
}
