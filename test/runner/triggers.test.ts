import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import * as assert from "assert";
import { triggerMachine } from "../../runners/direct/triggers/trigger_from_proto";

/** One thing happening to a window: an element arriving, or time passing (watermark, clock). */
interface Step {
  element?: boolean;
  watermarkMs?: number;
  nowMs?: number;
}

const WINDOW_MAX_MS = 9999;

/**
 * Plays steps against a trigger as the aggregation does (onElement, then
 * shouldFire → onFire) and returns the 0-based steps at which it fired, and
 * whether it finished.
 */
function firings(trigger: runnerApi.Trigger, steps: Step[]): { fired: number[]; finished: boolean } {
  const machine = triggerMachine(trigger);
  const state = machine.newState();
  let watermarkMs = -Infinity;
  let nowMs = 0;
  const fired: number[] = [];
  steps.forEach((step, i) => {
    watermarkMs = step.watermarkMs ?? watermarkMs;
    nowMs = step.nowMs ?? nowMs;
    const context = {
      inputWatermarkMs: watermarkMs,
      processingTimeMs: nowMs,
      windowMaxTimestampMs: WINDOW_MAX_MS,
    };
    if (step.element) machine.onElement(state, context);
    if (!machine.isFinished(state) && machine.shouldFire(state, context)) {
      machine.onFire(state, context);
      fired.push(i);
    }
  });
  return { fired, finished: machine.isFinished(state) };
}

const count = (n: number): runnerApi.Trigger => ({
  trigger: { oneofKind: "elementCount", elementCount: { elementCount: n } },
});
const delay = (ms: number): runnerApi.Trigger => ({
  trigger: {
    oneofKind: "afterProcessingTime",
    afterProcessingTime: {
      timestampTransforms: [
        { timestampTransform: { oneofKind: "delay", delay: { delayMillis: BigInt(ms) } } },
      ],
    },
  },
});
const element: Step = { element: true };

describe("trigger state machines", () => {
  it("default: fires when the watermark passes the end, then for each late element, never finishing", () => {
    const trigger: runnerApi.Trigger = { trigger: { oneofKind: "default", default: {} } };
    const steps = [element, { watermarkMs: 9999 }, { watermarkMs: 10_000 }, element, element];
    assert.deepStrictEqual(firings(trigger, steps), { fired: [2, 3, 4], finished: false });
  });

  it("AfterWatermark without late firings finishes at the on-time firing (the window closes)", () => {
    const trigger: runnerApi.Trigger = { trigger: { oneofKind: "afterEndOfWindow", afterEndOfWindow: {} } };
    assert.deepStrictEqual(firings(trigger, [element, { watermarkMs: 10_000 }, element]), {
      fired: [1],
      finished: true,
    });
  });

  it("AfterEach: each subtrigger in turn, finished after the last", () => {
    const trigger: runnerApi.Trigger = {
      trigger: { oneofKind: "afterEach", afterEach: { subtriggers: [count(2), count(1)] } },
    };
    assert.deepStrictEqual(firings(trigger, [element, element, element, element]), {
      fired: [1, 2],
      finished: true,
    });
  });

  it("AfterAll: once every subtrigger is ready (2 elements and 100 ms after the first)", () => {
    const trigger: runnerApi.Trigger = {
      trigger: { oneofKind: "afterAll", afterAll: { subtriggers: [count(2), delay(100)] } },
    };
    const steps = [
      { element: true, nowMs: 0 },
      { nowMs: 100 },
      { element: true, nowMs: 150 },
      { element: true },
    ];
    assert.deepStrictEqual(firings(trigger, steps), { fired: [2], finished: true });
  });

  it("AfterAny inside Repeatedly: whichever subtrigger is ready first, over and over", () => {
    const anyOf: runnerApi.Trigger = {
      trigger: { oneofKind: "afterAny", afterAny: { subtriggers: [count(3), delay(100)] } },
    };
    const trigger: runnerApi.Trigger = { trigger: { oneofKind: "repeat", repeat: { subtrigger: anyOf } } };
    const steps = [
      { element: true, nowMs: 0 },
      { nowMs: 100 }, // the delay fires
      { element: true, nowMs: 110 },
      { element: true, nowMs: 120 },
      { element: true, nowMs: 130 }, // three elements fire
      { nowMs: 500 }, // nothing new: no timer was set
    ];
    assert.deepStrictEqual(firings(trigger, steps), { fired: [1, 4], finished: false });
  });

  it("never fires; always fires for every element", () => {
    const never: runnerApi.Trigger = { trigger: { oneofKind: "never", never: {} } };
    const always: runnerApi.Trigger = { trigger: { oneofKind: "always", always: {} } };
    const steps = [element, { watermarkMs: Infinity }, element];
    assert.deepStrictEqual(firings(never, steps), { fired: [], finished: false });
    assert.deepStrictEqual(firings(always, steps), { fired: [0, 2], finished: false });
  });
});
