// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as assert from "assert";
import fc from "fast-check";
import { bufferedValues, combinedValues } from "../../runners/direct/aggregation/pane_contents";
import { WindowedAggregation } from "../../runners/direct/aggregation/windowed_aggregation";
import { afterAll, afterAny, afterEach, repeatedly } from "../../runners/direct/triggers/composite_triggers";
import { afterProcessingTime, elementCount, never } from "../../runners/direct/triggers/once_triggers";
import type { TriggerMachine } from "../../runners/direct/triggers/trigger_machine";
import { afterEndOfWindow, defaultTrigger } from "../../runners/direct/triggers/watermark_triggers";
import type { WindowingPolicy } from "../../runners/direct/windowing/windowing_policy";
import { EveryStateAggregation } from "./support/every_state_aggregation";

/** The triggers a spec or a test pipeline can give, by name. */
const TRIGGERS: Record<string, () => TriggerMachine<unknown>> = {
  default: defaultTrigger,
  never: () => never(),
  endOfWindow: () => afterEndOfWindow(undefined, undefined),
  earlyEvery3: () => afterEndOfWindow(afterProcessingTime(3), undefined),
  earlyAndLate: () => afterEndOfWindow(afterProcessingTime(3), elementCount(1)),
  lateEvery2: () => afterEndOfWindow(undefined, elementCount(2)),
  repeatedCount2: () => repeatedly(elementCount(2)),
  repeatedDelay5: () => repeatedly(afterProcessingTime(5)),
  countThenDelay: () => repeatedly(afterEach([elementCount(2), afterProcessingTime(3)])),
  countAndDelay: () => repeatedly(afterAll([elementCount(2), afterProcessingTime(3)])),
  countOrDelay: () => afterEndOfWindow(afterAny([elementCount(3), afterProcessingTime(4)]), elementCount(1)),
};

interface Element {
  key: string;
  /** Fixed windows of 10 ms: window i is [10i, 10i + 10), its max timestamp 10i + 9. */
  window: number;
}

interface Bundle {
  elements: Element[];
  watermarkStepMs: number;
  clockStepMs: number;
}

const element = fc.record({ key: fc.constantFrom("a", "b", "c"), window: fc.integer({ min: 0, max: 5 }) });
const bundles = fc.array(
  fc.record({
    elements: fc.array(element, { maxLength: 6 }),
    watermarkStepMs: fc.integer({ min: 0, max: 14 }),
    clockStepMs: fc.integer({ min: 0, max: 4 }),
  }),
  { maxLength: 14 },
);
const policies = fc.record({
  trigger: fc.constantFrom(...Object.keys(TRIGGERS)),
  accumulating: fc.boolean(),
  allowedLatenessMs: fc.constantFrom(0, 5, 20),
  emptyOnTimePane: fc.boolean(),
  emptyFinalPane: fc.boolean(),
});

/** Everything an aggregation tells the outside, in order: panes and drops. */
async function play(
  kind: "indexed" | "everyState",
  settings: Omit<WindowingPolicy, "trigger"> & { trigger: string },
  combined: boolean,
  script: Bundle[],
): Promise<unknown[]> {
  const policy: WindowingPolicy = { ...settings, trigger: TRIGGERS[settings.trigger]() };
  const sum = {
    createAccumulator: () => 0,
    addInput: (total: number, value: number) => total + value,
    mergeAccumulators: (totals: Iterable<number>) => [...totals].reduce((a, b) => a + b, 0),
    extractOutput: (total: number) => total,
  };
  const contents = () => (combined ? combinedValues(sum) : bufferedValues<number>());
  const told: unknown[] = [];
  const emit = (key: string, window: number, value: unknown, pane: unknown, sourceBundle: number) => {
    told.push({ key, window, value, pane, sourceBundle });
    return null;
  };
  const dropped = (window: number, reason: string) => void told.push({ dropped: window, reason });
  const aggregation =
    kind === "indexed"
      ? new WindowedAggregation<string, number, number, unknown>(policy, contents, emit, dropped)
      : new EveryStateAggregation<string, number, number, unknown>(policy, contents, emit, dropped);
  let watermarkMs = 0;
  let nowMs = 0;
  let value = 0;
  for (const [index, bundle] of script.entries()) {
    for (const { key, window } of bundle.elements) {
      aggregation.add(`${window} ${key}`, key, window, 10 * window + 9, ++value, nowMs, index);
    }
    watermarkMs += bundle.watermarkStepMs;
    nowMs += bundle.clockStepMs;
    await aggregation.advance(watermarkMs, nowMs);
  }
  await aggregation.advance(Infinity, nowMs + 100);
  return told;
}

describe("bundle ends visit only the states that can have changed", () => {
  it("emits exactly the panes (and drops) of visiting every state at every bundle end", async () => {
    await fc.assert(
      fc.asyncProperty(policies, fc.boolean(), bundles, async (policy, combined, script) => {
        const indexed = await play("indexed", policy, combined, script);
        assert.deepStrictEqual(indexed, await play("everyState", policy, combined, script));
      }),
      { numRuns: 400 },
    );
  });

  it("still fires a window whose early-firing delay runs out in a bundle without input", async () => {
    // Early firing 3 ms after the first element: the element comes at clock 0, the pane at the bundle end
    // where the clock reaches 3, with no input in between; then the on-time pane at the watermark.
    const script: Bundle[] = [
      { elements: [{ key: "a", window: 0 }], watermarkStepMs: 0, clockStepMs: 1 },
      { elements: [], watermarkStepMs: 0, clockStepMs: 1 },
      { elements: [], watermarkStepMs: 0, clockStepMs: 1 },
    ];
    const policy = {
      trigger: "earlyEvery3",
      accumulating: true,
      allowedLatenessMs: 0,
      emptyOnTimePane: true,
      emptyFinalPane: true,
    };
    const told = (await play("indexed", policy, false, script)) as {
      value: number[];
      pane: { timing: string };
    }[];
    assert.deepStrictEqual(
      told.map((pane) => [pane.pane.timing, pane.value]),
      [
        ["EARLY", [1]],
        ["ON_TIME", [1]],
      ],
    );
  });
});
