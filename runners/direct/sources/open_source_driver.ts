import type { MarkedSourceSpec } from "../../../transforms/io/source_urn";
import { type Clock, SimulatedClock } from "../clock";
import { ImpulseDriver } from "./impulse_driver";
import { KafkaSourceDriver } from "./kafka_driver";
import { RecordedFileDriver } from "./recorded_file_driver";
import type { SourceDriver } from "./source_driver";
import { TestStreamDriver } from "./test_stream_driver";

/** What the runner reads: a marked source composite's spec, or one of the pipeline's Impulse transforms. */
export type DrivenSource = MarkedSourceSpec | { kind: "impulse" };

export function openSourceDriver(
  source: DrivenSource,
  clock: Clock,
  idleTimeoutMs: number,
  log: (line: string) => void,
): SourceDriver {
  switch (source.kind) {
    case "impulse":
      return new ImpulseDriver(clock);
    case "file":
      return new RecordedFileDriver(
        source.path,
        source.replaySpeed,
        clock,
        idleTimeoutMs,
        source.watermarkTime,
      );
    case "testStream":
      if (!(clock instanceof SimulatedClock)) {
        throw new Error(
          `testStream ${source.path} drives the processing-time clock: run it with a simulated clock`,
        );
      }
      return new TestStreamDriver(source.path, clock, idleTimeoutMs);
    case "kafka":
      return new KafkaSourceDriver(source, clock, idleTimeoutMs, log);
  }
}
