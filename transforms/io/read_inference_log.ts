import * as beam from "apache-beam";
import type { SourceSpec } from "../../pipelines/spec/schema";
import { MarkedSource } from "./marked_source";
import { readSourceOnce } from "./sources/read_source_once";
import type { DeadLetter } from "../parse/inference_record";
import type { RawEvent } from "../parse/raw_event";

/**
 * The spec's source as raw inference-log events, stamped with their record
 * timestamps. A recorded line that is not even a record (not JSON, no
 * payload) arrives as a dead letter. The event-time direct runner drives the
 * source itself (Kafka consumer, watermarks, replay pacing); other runners
 * read a file or testStream once through an impulse and a reading DoFn. On
 * Flink and Dataflow a Kafka source is not this transform but our
 * cross-language Kafka read (kafka_xlang/read_kafka_records.ts, KafkaIO underneath); the SDK's
 * stock direct runner cannot read Kafka (the launcher says so before running).
 */
export function readInferenceLog(
  source: SourceSpec,
): beam.PTransform<beam.Root, beam.PCollection<RawEvent | DeadLetter>> {
  return new MarkedSource<RawEvent | DeadLetter>(source, readSourceOnce(source), "readInferenceLog");
}
