import { TYPESCRIPT_DEFAULT_ENVIRONMENT_URN, asDockerEnvironment } from "apache-beam/internal/environments";
import * as runnerApi from "apache-beam/proto/beam_runner_api";

/**
 * A copy of the pipeline whose TypeScript environments are DOCKER ones
 * running `containerImage`: Dataflow starts that image on each worker VM
 * with the Fn API container contract's flags (runners/dataflow/container_boot.ts).
 * The SDK's PortableRunner only packs the local npm package into an
 * environment still marked as the TypeScript default, so with these
 * environments it submits the pipeline as it is.
 */
export function withWorkerImage(pipeline: runnerApi.Pipeline, containerImage: string): runnerApi.Pipeline {
  const rewritten = runnerApi.Pipeline.clone(pipeline);
  const environments = rewritten.components!.environments;
  for (const id of Object.keys(environments))
    if (environments[id].urn === TYPESCRIPT_DEFAULT_ENVIRONMENT_URN)
      environments[id] = asDockerEnvironment(environments[id], containerImage);
  return rewritten;
}
