import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { triggerMachine } from "../triggers/trigger_from_proto";
import type { TriggerMachine } from "../triggers/trigger_machine";
import { UnsupportedFeatureError } from "../unsupported_feature";

/** How a GroupByKey / combine fires and forgets windows, read from a PCollection's windowing strategy. */
export interface WindowingPolicy {
  trigger: TriggerMachine<unknown>;
  /** Accumulating panes restate the whole window; discarding panes carry only what is new. */
  accumulating: boolean;
  /** Window state is dropped once the watermark passes end + this; later data is dropped and counted. */
  allowedLatenessMs: number;
  /** OnTimeBehavior FIRE_ALWAYS: the ON_TIME pane is emitted even with nothing new since an early pane. */
  emptyOnTimePane: boolean;
  /** ClosingBehavior EMIT_ALWAYS: the final pane at garbage collection is emitted even with nothing new. */
  emptyFinalPane: boolean;
}

const SUPPORTED_WINDOW_FNS = [
  "beam:window_fn:global_windows:v1",
  "beam:window_fn:fixed_windows:v1",
  "beam:window_fn:sliding_windows:v1",
];

/** The policy of a windowing strategy, or an UnsupportedFeatureError naming what this runner cannot do. */
export function windowingPolicy(strategy: runnerApi.WindowingStrategy): WindowingPolicy {
  const windowFn = strategy.windowFn?.urn ?? "(unset)";
  if (!SUPPORTED_WINDOW_FNS.includes(windowFn))
    throw new UnsupportedFeatureError([`the window fn ${windowFn}`]);
  if (strategy.mergeStatus !== runnerApi.MergeStatus_Enum.NON_MERGING) {
    throw new UnsupportedFeatureError([`merge status ${runnerApi.MergeStatus_Enum[strategy.mergeStatus]}`]);
  }
  if (strategy.outputTime !== runnerApi.OutputTime_Enum.END_OF_WINDOW) {
    throw new UnsupportedFeatureError([`output time ${runnerApi.OutputTime_Enum[strategy.outputTime]}`]);
  }
  const modes = [runnerApi.AccumulationMode_Enum.ACCUMULATING, runnerApi.AccumulationMode_Enum.DISCARDING];
  if (!modes.includes(strategy.accumulationMode)) {
    throw new UnsupportedFeatureError([
      `accumulation mode ${runnerApi.AccumulationMode_Enum[strategy.accumulationMode]}`,
    ]);
  }
  const closings = [
    runnerApi.ClosingBehavior_Enum.EMIT_ALWAYS,
    runnerApi.ClosingBehavior_Enum.EMIT_IF_NONEMPTY,
  ];
  if (!closings.includes(strategy.closingBehavior)) {
    throw new UnsupportedFeatureError([
      `closing behavior ${runnerApi.ClosingBehavior_Enum[strategy.closingBehavior]}`,
    ]);
  }
  const onTimes = [runnerApi.OnTimeBehavior_Enum.FIRE_ALWAYS, runnerApi.OnTimeBehavior_Enum.FIRE_IF_NONEMPTY];
  if (!onTimes.includes(strategy.onTimeBehavior)) {
    throw new UnsupportedFeatureError([
      `on-time behavior ${runnerApi.OnTimeBehavior_Enum[strategy.onTimeBehavior]}`,
    ]);
  }
  return {
    trigger: triggerMachine(strategy.trigger),
    accumulating: strategy.accumulationMode === runnerApi.AccumulationMode_Enum.ACCUMULATING,
    allowedLatenessMs: Number(strategy.allowedLateness),
    emptyOnTimePane: strategy.onTimeBehavior === runnerApi.OnTimeBehavior_Enum.FIRE_ALWAYS,
    emptyFinalPane: strategy.closingBehavior === runnerApi.ClosingBehavior_Enum.EMIT_ALWAYS,
  };
}
