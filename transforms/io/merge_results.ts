import * as beam from "apache-beam";
import { globalWindows } from "apache-beam/transforms/windowings";
import type { MonitorResult } from "./results";

/**
 * All result streams as one, for the sinks. Each result already carries its
 * event-time window and pane as fields, so the streams are re-windowed into
 * the global window (Beam flattens only collections windowed alike) and the
 * sinks see every result as soon as it is emitted.
 */
export function mergeResults(
  name: string,
  streams: beam.PCollection<MonitorResult>[],
): beam.PCollection<MonitorResult> {
  const global = streams.map((stream, index) =>
    stream.apply(beam.withName(`${name}:toGlobalWindow${index}`, beam.windowInto(globalWindows()))),
  );
  return beam.P(global).apply(beam.withName(name, beam.flatten()));
}
