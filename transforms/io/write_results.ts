import * as beam from "apache-beam";
import { requireForSerialization } from "apache-beam/serialization";
import type { SinkSpec } from "../../pipelines/spec/schema";
import type { MonitorResult } from "./results";
import * as resultSink from "./result_sink";

// The DoFn is a class instance: workers rebuild it from its module, which also gives it fs.
requireForSerialization("beam-model-monitor/transforms/io/result_sink", resultSink);

/** Writes each result to every sink of the spec that takes its kind. */
export function writeResults<R extends MonitorResult>(
  sinks: SinkSpec[],
): beam.PTransform<beam.PCollection<R>, beam.PCollection<never>> {
  return beam.withName("writeResults", (results: beam.PCollection<R>) =>
    results.apply(beam.parDo(new resultSink.WriteResultsDoFn(sinks))),
  );
}
