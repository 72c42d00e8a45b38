import * as beam from "apache-beam";
import Long from "long";
import type { InferenceRecord } from "./inference_record";

/** Gives each record its event time (from the log, per the spec's `input.eventTime`) as its Beam timestamp. */
export function assignEventTime(): beam.PTransform<
  beam.PCollection<InferenceRecord>,
  beam.PCollection<InferenceRecord>
> {
  return beam.withName(
    "assignEventTime",
    beam.assignTimestamps((record: InferenceRecord) => Long.fromNumber(record.eventTimeMs)),
  );
}
