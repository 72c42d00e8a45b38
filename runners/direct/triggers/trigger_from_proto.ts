import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import { UnsupportedFeatureError } from "../unsupported_feature";
import { afterAll, afterAny, afterEach, repeatedly } from "./composite_triggers";
import { afterProcessingTime, elementCount, never } from "./once_triggers";
import type { TriggerMachine } from "./trigger_machine";
import { afterEndOfWindow, defaultTrigger } from "./watermark_triggers";

/** The state machine of a trigger proto; throws UnsupportedFeatureError naming any part it cannot run. */
export function triggerMachine(trigger: runnerApi.Trigger | undefined): TriggerMachine<unknown> {
  const spec = trigger?.trigger;
  switch (spec?.oneofKind) {
    case "default":
      return defaultTrigger();
    case "afterEndOfWindow": {
      const { earlyFirings, lateFirings } = spec.afterEndOfWindow;
      return afterEndOfWindow(
        earlyFirings && triggerMachine(earlyFirings),
        lateFirings && triggerMachine(lateFirings),
      );
    }
    case "afterProcessingTime":
      return afterProcessingTime(delayMs(spec.afterProcessingTime.timestampTransforms));
    case "elementCount":
      return elementCount(spec.elementCount.elementCount);
    case "never":
      return never();
    case "always":
      return repeatedly(elementCount(1));
    case "repeat":
      return repeatedly(triggerMachine(spec.repeat.subtrigger));
    case "afterAny":
      return afterAny(spec.afterAny.subtriggers.map(triggerMachine));
    case "afterAll":
      return afterAll(spec.afterAll.subtriggers.map(triggerMachine));
    case "afterEach":
      return afterEach(spec.afterEach.subtriggers.map(triggerMachine));
    default:
      throw new UnsupportedFeatureError([`the trigger ${spec?.oneofKind ?? "(unset)"}`]);
  }
}

/** AfterProcessingTime's delay: the sum of its delay transforms (alignTo is not implemented). */
function delayMs(transforms: runnerApi.TimestampTransform[]): number {
  let totalMs = 0;
  for (const { timestampTransform } of transforms) {
    if (timestampTransform.oneofKind !== "delay") {
      throw new UnsupportedFeatureError([
        `AfterProcessingTime with ${timestampTransform.oneofKind ?? "an unset"} transform`,
      ]);
    }
    totalMs += Number(timestampTransform.delay.delayMillis);
  }
  return totalMs;
}
