import * as beam from "apache-beam";
import { Pipeline } from "apache-beam/internal/pipeline";
import * as runnerApi from "apache-beam/proto/beam_runner_api";

/** The pipeline proto a Beam runner receives for a pipeline-building function (what Runner.run submits). */
export async function pipelineProto(
  build: (root: beam.Root) => void | Promise<void>,
): Promise<runnerApi.Pipeline> {
  const pipeline = new Pipeline();
  await build(new beam.Root(pipeline));
  return pipeline.getProto();
}

/** Flink runs a pipeline in streaming mode when any PCollection is unbounded. */
export function isUnbounded(pipeline: runnerApi.Pipeline): boolean {
  return Object.values(pipeline.components!.pcollections).some(
    (pcollection) => pcollection.isBounded === runnerApi.IsBounded_Enum.UNBOUNDED,
  );
}
