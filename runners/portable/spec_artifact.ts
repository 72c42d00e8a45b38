import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as runnerApi from "apache-beam/proto/beam_runner_api";

/** The name the job server stores the spec under, beside the job's other artifacts. */
export const STAGED_SPEC_NAME = "model-monitor-spec.yaml";

/**
 * The spec file as a staged artifact (a local file the job server fetches
 * over the artifact-staging stream and keeps with the job), so a running job
 * records the spec it was built from. Workers do not need it: the pipeline
 * proto already holds everything the DoFns use.
 */
export function specArtifact(specFile: string): runnerApi.ArtifactInformation {
  const absolutePath = path.resolve(specFile);
  const sha256 = crypto.createHash("sha256").update(fs.readFileSync(absolutePath)).digest("hex");
  return {
    typeUrn: "beam:artifact:type:file:v1",
    typePayload: runnerApi.ArtifactFilePayload.toBinary({ path: absolutePath, sha256 }),
    roleUrn: "beam:artifact:role:staging_to:v1",
    rolePayload: runnerApi.ArtifactStagingToRolePayload.toBinary({ stagedName: STAGED_SPEC_NAME }),
  };
}
