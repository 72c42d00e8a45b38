import * as beam from "apache-beam";
import type { Pipeline } from "apache-beam/internal/pipeline";
import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import { type MarkedSourceSpec, SOURCE_URN, encodeSourceSpec } from "./source_urn";

/**
 * A source as a composite transform marked with SOURCE_URN and the source
 * spec. `innerExpansion` (typically impulse + a reading DoFn, see
 * readSourceOnce) is what runners that do not know the URN execute; our
 * direct runner drops it and drives the source itself.
 */
export class MarkedSource<T> extends beam.PTransformClass<beam.Root, beam.PCollection<T>> {
  constructor(
    private readonly spec: MarkedSourceSpec,
    private readonly innerExpansion: beam.PTransform<beam.Root, beam.PCollection<T>>,
    name = `source(${spec.kind})`,
  ) {
    super(name);
  }

  expandInternal(
    root: beam.Root,
    _pipeline: Pipeline,
    transformProto: runnerApi.PTransform,
  ): beam.PCollection<T> {
    transformProto.spec = { urn: SOURCE_URN, payload: encodeSourceSpec(this.spec) };
    return root.apply(this.innerExpansion);
  }
}
