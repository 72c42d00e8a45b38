import type { TriggerMachine } from "./trigger_machine";

interface ProcessingTimeState {
  fireAtMs: number | undefined;
  fired: boolean;
}

/** AfterProcessingTime.pastFirstElementInPane().plusDelayOf(delayMs): fires once the clock reaches first element + delay. */
export function afterProcessingTime(delayMs: number): TriggerMachine<ProcessingTimeState> {
  return {
    newState: () => ({ fireAtMs: undefined, fired: false }),
    onElement(state, context) {
      state.fireAtMs ??= context.processingTimeMs + delayMs;
    },
    shouldFire: (state, context) =>
      state.fireAtMs !== undefined && context.processingTimeMs >= state.fireAtMs,
    onFire(state) {
      state.fired = true;
    },
    isFinished: (state) => state.fired,
  };
}

interface ElementCountState {
  count: number;
  fired: boolean;
}

/** AfterPane.elementCountAtLeast(n): fires once n elements have arrived. */
export function elementCount(n: number): TriggerMachine<ElementCountState> {
  return {
    newState: () => ({ count: 0, fired: false }),
    onElement(state) {
      state.count += 1;
    },
    shouldFire: (state) => state.count >= n,
    onFire(state) {
      state.fired = true;
    },
    isFinished: (state) => state.fired,
  };
}

/** Never fires: the window emits only its final pane when it is garbage-collected. */
export function never(): TriggerMachine<null> {
  return {
    newState: () => null,
    onElement: () => {},
    shouldFire: () => false,
    onFire: () => {},
    isFinished: () => false,
  };
}
