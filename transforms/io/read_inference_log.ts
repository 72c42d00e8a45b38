import * as beam from "apache-beam";
import type { SourceSpec } from "../../pipelines/spec/schema";
import { MarkedSource } from "../../runners/direct/source_transform";
import { readSourceOnce } from "../../runners/direct/sources/read_source_once";
import type { DeadLetter } from "../parse/inference_record";
import type { RawEvent } from "../parse/raw_event";

/**
 * The spec's source as raw inference-log events, stamped with their record
 * timestamps. A recorded line that is not even a record (not JSON, no
 * payload) arrives as a dead letter. The event-time direct runner drives the
 * source itself (watermarks, replay pacing); other runners read it once
 * through an impulse and a reading DoFn.
 */
export function readInferenceLog(
  source: SourceSpec,
): beam.PTransform<beam.Root, beam.PCollection<RawEvent | DeadLetter>> {
  if (source.kind === "kafka") {
    throw new Error(
      "source.kind kafka: reading from Kafka is not available yet; record the topic with " +
        "`kcat -C -J` and use source.kind file",
    );
  }
  return new MarkedSource<RawEvent | DeadLetter>(source, readSourceOnce(source), "readInferenceLog");
}
