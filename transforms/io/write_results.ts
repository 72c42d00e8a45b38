import * as beam from "apache-beam";
import type { SinkSpec } from "../../pipelines/spec/schema";
import type { MonitorResult } from "./results";
import { WriteResultsDoFn } from "./result_sink";

/** Writes each result to every sink of the spec that takes its kind. */
export function writeResults<R extends MonitorResult>(
  sinks: SinkSpec[],
): beam.PTransform<beam.PCollection<R>, beam.PCollection<never>> {
  return beam.withName("writeResults", (results: beam.PCollection<R>) =>
    results.apply(beam.parDo(new WriteResultsDoFn(sinks))),
  );
}
