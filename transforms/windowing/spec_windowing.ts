import * as beam from "apache-beam";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import type Long from "long";
import { fixedWindowsMs, slidingWindowsMs } from "./window_fns_ms";

/** The spec's `window`, durations in ms. */
export interface WindowSpecMs {
  sizeMs: number;
  /** Sliding windows start every slideMs; absent (or equal to sizeMs) for fixed windows. */
  slideMs?: number;
  watermarkDelayMs: number;
  allowedLatenessMs: number;
  earlyFiringEveryMs?: number;
  /** Accumulating (default): each pane restates the whole window. */
  accumulation?: "accumulating" | "discarding";
}

/** What a pipeline applies to window its records as the spec says, and how results report their window. */
export interface SpecWindowing<T> {
  /** Apply once event times are assigned: shifts timestamps by the watermark delay, then windows. */
  windowing: beam.PTransform<beam.PCollection<T>, beam.PCollection<T>>;
  /**
   * How far Beam's windows lie after the event-time windows they stand for:
   * a result reports [start − shift, end − shift) (transforms/io/window_labels
   * intervalOf(window, windowShiftMs)).
   */
  windowShiftMs: number;
}

/**
 * The spec's windowing, meaning the same on every runner. The Kafka source's
 * watermark is the largest record timestamp seen (no delay; see
 * PartitionWatermarks), so the watermark delay d lives here: every element is
 * re-timestamped t + d and windowed in windows offset by d, so the Beam window
 * [s + d, e + d) holds exactly the events of [s, e) and its end-of-window
 * firing happens when the largest event time seen reaches e + d — bounded
 * out-of-orderness d. Triggers: AfterWatermark, with early firings
 * AfterProcessingTime(first element + earlyFiringEvery) and, when there is
 * allowed lateness, a late firing per late element; panes accumulate;
 * closing behaviour EMIT_ALWAYS so every window ends with a final pane.
 * README.md in this folder lists the resulting pane sequence.
 */
export function windowingFor<T>(spec: WindowSpecMs): SpecWindowing<T> {
  const { sizeMs, slideMs = sizeMs, watermarkDelayMs } = spec;
  const windowFn =
    slideMs === sizeMs
      ? fixedWindowsMs(sizeMs, watermarkDelayMs % sizeMs)
      : slidingWindowsMs(sizeMs, slideMs, watermarkDelayMs % slideMs);
  const delayed = (input: beam.PCollection<T>) =>
    watermarkDelayMs === 0
      ? input
      : input.apply(
          beam.assignTimestamps(
            beam.withName("addWatermarkDelay", (_element: T, eventTime: Long) =>
              eventTime.add(watermarkDelayMs),
            ),
          ),
        );
  const windowing = beam.withName("windowBySpec", (input: beam.PCollection<T>) =>
    delayed(input).apply(
      beam.windowInto(windowFn, windowingStrategyFor(spec, input.pipeline.defaultEnvironment)),
    ),
  );
  return { windowing, windowShiftMs: watermarkDelayMs };
}

/** The windowing strategy (all but the window fn) that windowingFor applies. */
export function windowingStrategyFor(spec: WindowSpecMs, environmentId: string): runnerApi.WindowingStrategy {
  const early =
    spec.earlyFiringEveryMs === undefined ? undefined : afterProcessingTime(spec.earlyFiringEveryMs);
  const late = spec.allowedLatenessMs > 0 ? everyElement() : undefined;
  return runnerApi.WindowingStrategy.create({
    trigger: {
      trigger: {
        oneofKind: "afterEndOfWindow",
        afterEndOfWindow: { earlyFirings: early, lateFirings: late },
      },
    },
    accumulationMode:
      spec.accumulation === "discarding"
        ? runnerApi.AccumulationMode_Enum.DISCARDING
        : runnerApi.AccumulationMode_Enum.ACCUMULATING,
    outputTime: runnerApi.OutputTime_Enum.END_OF_WINDOW,
    closingBehavior: runnerApi.ClosingBehavior_Enum.EMIT_ALWAYS,
    onTimeBehavior: runnerApi.OnTimeBehavior_Enum.FIRE_ALWAYS,
    allowedLateness: BigInt(spec.allowedLatenessMs),
    environmentId,
  });
}

/** AfterProcessingTime.pastFirstElementInPane().plusDelayOf(delayMs). */
function afterProcessingTime(delayMs: number): runnerApi.Trigger {
  return {
    trigger: {
      oneofKind: "afterProcessingTime",
      afterProcessingTime: {
        timestampTransforms: [
          { timestampTransform: { oneofKind: "delay", delay: { delayMillis: BigInt(delayMs) } } },
        ],
      },
    },
  };
}

/** AfterPane.elementCountAtLeast(1): a pane per late element. */
function everyElement(): runnerApi.Trigger {
  return { trigger: { oneofKind: "elementCount", elementCount: { elementCount: 1 } } };
}
