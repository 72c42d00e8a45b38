import * as beam from "apache-beam";
import { requireForSerialization } from "apache-beam/serialization";
import type { SourceSpec } from "../../../pipelines/spec/schema";
import * as boundedSource from "./bounded_source_elements";
import * as timeBounds from "./time_bounds";
import type { TimestampedElement } from "./timestamped_element";

// The DoFns below reach file reading (fs, Buffer) through these modules, so
// they are serialized as references to the modules, not copied.
requireForSerialization("beam-model-monitor/transforms/io/sources/bounded_source_elements", boundedSource);
requireForSerialization("beam-model-monitor/transforms/io/sources/time_bounds", timeBounds);

/**
 * The inner expansion of a file or testStream source composite (see
 * MarkedSource): impulse, then one DoFn that reads the whole source and
 * stamps each element with its event time. Runners that do not know
 * SOURCE_URN run this; it has no watermark control.
 */
export function readSourceOnce<T>(spec: SourceSpec): beam.PTransform<beam.Root, beam.PCollection<T>> {
  return beam.withName("readSourceOnce", (root: beam.Root) =>
    root
      .apply(beam.impulse())
      .flatMap(beam.withName("readSource", () => boundedSource.boundedSourceElements(spec, Date.now())))
      .apply(
        beam.assignTimestamps(
          beam.withName("eventTime", (read: TimestampedElement) =>
            timeBounds.elementTimestamp(read.timestampMs),
          ),
        ),
      )
      .map(beam.withName("sourceElement", (read: TimestampedElement) => read.element as T)),
  );
}
