import "apache-beam";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { FixedWindowsPayload, SlidingWindowsPayload } from "apache-beam/proto/standard_window_fns";
import type { IntervalWindow } from "apache-beam/values";
import * as assert from "assert";
import Long from "long";
import { fixedWindowsMs, slidingWindowsMs } from "../../transforms/windowing/window_fns_ms";
import { windowingStrategyFor } from "../../transforms/windowing/spec_windowing";

const bounds = (windows: IntervalWindow[]) => windows.map((w) => [w.start.toNumber(), w.end.toNumber()]);

describe("windowing from the spec", () => {
  it("fixed windows keep sub-second sizes exact (the SDK's fixedWindows(1.001) would make them 1000 ms)", () => {
    const windowFn = fixedWindowsMs(1001, 0);
    assert.deepStrictEqual(bounds(windowFn.assignWindows(Long.fromNumber(1000))), [[0, 1001]]);
    assert.deepStrictEqual(bounds(windowFn.assignWindows(Long.fromNumber(1001))), [[1001, 2002]]);
    assert.deepStrictEqual(bounds(windowFn.assignWindows(Long.fromNumber(-1))), [[-1001, 0]]);
    const payload = FixedWindowsPayload.fromBinary(windowFn.toProto().payload);
    assert.deepStrictEqual(payload.size, { seconds: BigInt(1), nanos: 1_000_000 });
  });

  it("sliding windows with an offset: every window [start, start + size) with start ≡ offset (mod period) containing t", () => {
    const windowFn = slidingWindowsMs(10_000, 5000, 3000);
    assert.deepStrictEqual(bounds(windowFn.assignWindows(Long.fromNumber(7999))), [
      [3000, 13_000],
      [-2000, 8000],
    ]);
    assert.deepStrictEqual(bounds(windowFn.assignWindows(Long.fromNumber(8000))), [
      [8000, 18_000],
      [3000, 13_000],
    ]);
    const payload = SlidingWindowsPayload.fromBinary(windowFn.toProto().payload);
    assert.deepStrictEqual(
      [payload.size?.seconds, payload.period?.seconds, payload.offset?.seconds],
      [BigInt(10), BigInt(5), BigInt(3)],
    );
  });

  it("a spec with early firings and allowed lateness: AfterWatermark(early: AfterProcessingTime, late: every element)", () => {
    const strategy = windowingStrategyFor(
      {
        sizeMs: 15_000,
        watermarkDelayMs: 6000,
        allowedLatenessMs: 5000,
        earlyFiringEveryMs: 1000,
        accumulation: "discarding",
      },
      "env",
    );
    assert.deepStrictEqual(strategy.trigger, {
      trigger: {
        oneofKind: "afterEndOfWindow",
        afterEndOfWindow: {
          earlyFirings: {
            trigger: {
              oneofKind: "afterProcessingTime",
              afterProcessingTime: {
                timestampTransforms: [
                  { timestampTransform: { oneofKind: "delay", delay: { delayMillis: BigInt(1000) } } },
                ],
              },
            },
          },
          lateFirings: { trigger: { oneofKind: "elementCount", elementCount: { elementCount: 1 } } },
        },
      },
    });
    assert.strictEqual(strategy.accumulationMode, runnerApi.AccumulationMode_Enum.DISCARDING);
    assert.strictEqual(strategy.allowedLateness, BigInt(5000));
    assert.strictEqual(strategy.closingBehavior, runnerApi.ClosingBehavior_Enum.EMIT_ALWAYS);
    assert.strictEqual(strategy.onTimeBehavior, runnerApi.OnTimeBehavior_Enum.FIRE_ALWAYS);
    assert.strictEqual(strategy.outputTime, runnerApi.OutputTime_Enum.END_OF_WINDOW);
  });

  it("a spec without early firings or lateness: plain AfterWatermark, accumulating", () => {
    const strategy = windowingStrategyFor(
      { sizeMs: 15_000, watermarkDelayMs: 0, allowedLatenessMs: 0 },
      "env",
    );
    assert.deepStrictEqual(strategy.trigger, {
      trigger: { oneofKind: "afterEndOfWindow", afterEndOfWindow: {} },
    });
    assert.strictEqual(strategy.accumulationMode, runnerApi.AccumulationMode_Enum.ACCUMULATING);
  });
});
