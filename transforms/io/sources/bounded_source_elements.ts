import type { SourceSpec } from "../../../pipelines/spec/schema";
import { recordedElements } from "./recorded_file";
import type { TimestampedElement } from "./timestamped_element";
import { testStreamSteps } from "./test_stream_script";

/**
 * Every element of a file or testStream source in one go, for runners that
 * execute the source composite's inner expansion: a testStream's watermark
 * and clock lines mean nothing there and are skipped.
 */
export function* boundedSourceElements(spec: SourceSpec, nowMs: number): Generator<TimestampedElement> {
  switch (spec.kind) {
    case "testStream":
      for (const step of testStreamSteps(spec.path)) {
        if (step.kind === "event") yield { element: step.event, timestampMs: step.timestampMs };
      }
      return;
    case "file":
      for (const { element, timestampMs } of recordedElements(spec.path, () => nowMs))
        yield { element, timestampMs };
      return;
    case "kafka":
      throw new Error("a kafka source is not a bounded file: read it with the Kafka source transform");
  }
}
