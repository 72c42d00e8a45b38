import * as beam from "apache-beam";
import type { IntervalWindow } from "apache-beam/values";
import { WindowSpecMs, windowingStrategyFor } from "./spec_windowing";
import { slidingWindowsMs } from "./window_fns_ms";

/**
 * The spec's windows as windowingFor lays them out: size, slide, and the
 * offset by the watermark delay d (windowingFor shifts timestamps by d).
 */
export function specWindows(spec: WindowSpecMs): beam.WindowFn<IntervalWindow> {
  const slideMs = spec.slideMs ?? spec.sizeMs;
  return slidingWindowsMs(spec.sizeMs, slideMs, spec.watermarkDelayMs % slideMs);
}

/**
 * Windows of two consecutive spec windows: one per spec window w, of size
 * 2·slide and ending where w ends, so it holds the results of w and of the
 * window one slide before (each result is timestamped at its window's end
 * − 1 ms, the output time of a windowed aggregation).
 */
export function consecutiveWindowPairs(spec: WindowSpecMs): beam.WindowFn<IntervalWindow> {
  const slideMs = spec.slideMs ?? spec.sizeMs;
  return slidingWindowsMs(2 * slideMs, slideMs, (spec.watermarkDelayMs + spec.sizeMs) % slideMs);
}

/**
 * Windowing for an aggregation over the panes of an upstream windowed
 * aggregation (drift across a window's features; alerts across consecutive
 * windows). The spec's trigger, watermark handling and allowed lateness, with
 * one change: no late firings. Upstream emits a pane per late element; here
 * they accumulate and the window fires once on time and once more, with all
 * of them, when allowed lateness expires (the closing pane, `final`), instead
 * of once per upstream late pane. The values then hold every upstream pane
 * received so far, so the aggregation takes the latest one per upstream key.
 */
export function regroupWindowing<T>(
  name: string,
  spec: WindowSpecMs,
  windowFn: beam.WindowFn<IntervalWindow>,
): beam.PTransform<beam.PCollection<T>, beam.PCollection<T>> {
  return beam.withName(name, (input: beam.PCollection<T>) => {
    const strategy = windowingStrategyFor(spec, input.pipeline.defaultEnvironment);
    const endOfWindow = strategy.trigger?.trigger;
    if (endOfWindow?.oneofKind !== "afterEndOfWindow") {
      throw new Error(`the spec's trigger is ${endOfWindow?.oneofKind}, expected afterEndOfWindow`);
    }
    endOfWindow.afterEndOfWindow.lateFirings = { trigger: { oneofKind: "never", never: {} } };
    return input.apply(beam.windowInto(windowFn, strategy));
  });
}
