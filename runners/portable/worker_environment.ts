import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { TYPESCRIPT_DEFAULT_ENVIRONMENT_URN } from "apache-beam/internal/environments";

/** Beam's URN for an SDK harness started by a worker pool (BeamFnExternalWorkerPool) at a given address. */
export const EXTERNAL_ENVIRONMENT_URN = "beam:env:external:v1";

/**
 * A copy of the pipeline whose TypeScript environments are EXTERNAL ones
 * pointing at `workerPoolAddress`: the runner asks that worker pool
 * (StartWorker) for an SDK harness. LOOPBACK is the same environment with the
 * address of a pool inside the submitting process, which is how Beam itself
 * encodes it. Dependencies, capabilities and resource hints are kept.
 */
export function withExternalWorkers(
  pipeline: runnerApi.Pipeline,
  workerPoolAddress: string,
): runnerApi.Pipeline {
  const rewritten = runnerApi.Pipeline.clone(pipeline);
  const environments = rewritten.components!.environments;
  for (const id of Object.keys(environments)) {
    if (environments[id].urn !== TYPESCRIPT_DEFAULT_ENVIRONMENT_URN) continue;
    environments[id] = {
      ...environments[id],
      urn: EXTERNAL_ENVIRONMENT_URN,
      payload: runnerApi.ExternalPayload.toBinary({ endpoint: { url: workerPoolAddress }, params: {} }),
    };
  }
  return rewritten;
}

/** Adds artifacts (files the job server should stage and keep) to every TypeScript worker environment. */
export function withEnvironmentArtifacts(
  pipeline: runnerApi.Pipeline,
  artifacts: runnerApi.ArtifactInformation[],
): runnerApi.Pipeline {
  const rewritten = runnerApi.Pipeline.clone(pipeline);
  for (const environment of Object.values(rewritten.components!.environments)) {
    if (
      environment.urn === EXTERNAL_ENVIRONMENT_URN ||
      environment.urn === TYPESCRIPT_DEFAULT_ENVIRONMENT_URN
    )
      environment.dependencies.push(...artifacts);
  }
  return rewritten;
}
