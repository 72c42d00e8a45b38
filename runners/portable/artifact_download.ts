import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as artifacts from "apache-beam/runners/artifacts";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import type { IArtifactRetrievalServiceClient } from "apache-beam/proto/beam_artifact_api.client";

/** Where the SDK keeps downloaded artifacts by sha256 (runners/artifacts.ts, defaultArtifactDir). */
const ARTIFACT_CACHE_DIR = path.join(os.homedir(), ".apache_beam", "cache", "artifacts");

const FILE_ARTIFACT_URN = "beam:artifact:type:file:v1";

const asFile = (artifact: runnerApi.ArtifactInformation, file: string, sha256: string) => ({
  typeUrn: FILE_ARTIFACT_URN,
  typePayload: runnerApi.ArtifactFilePayload.toBinary({ path: file, sha256 }),
  roleUrn: artifact.roleUrn,
  rolePayload: artifact.rolePayload,
});

/**
 * The SDK's `resolveArtifacts` (how an expansion's environment dependencies,
 * e.g. KafkaIO's jars, become local files to stage), with its race removed:
 * the SDK renames its temporary file right after `close()` on a write stream
 * that may not have opened it yet, so on a machine whose artifact cache lacks
 * a jar the expansion fails with "ENOENT: … rename '…/temp…'". This one
 * writes each file completely before renaming it into the cache.
 */
async function* resolveArtifactsWrittenFirst(
  client: IArtifactRetrievalServiceClient,
  dependencies: Iterable<runnerApi.ArtifactInformation>,
  localDir: string = ARTIFACT_CACHE_DIR,
): AsyncGenerator<runnerApi.ArtifactInformation, void, unknown> {
  const resolved = await client.resolveArtifacts({ artifacts: Array.from(dependencies), preferredUrns: [] })
    .response;
  for (const artifact of resolved.replacements) {
    if (
      artifact.typeUrn === "beam:artifact:type:url:v1" ||
      artifact.typeUrn === "beam:artifact:type:embedded:v1"
    ) {
      yield artifact;
      continue;
    }
    if (artifact.typeUrn === FILE_ARTIFACT_URN) {
      const { sha256 } = runnerApi.ArtifactFilePayload.fromBinary(artifact.typePayload);
      if (sha256 && fs.existsSync(path.join(localDir, sha256))) {
        yield asFile(artifact, path.join(localDir, sha256), sha256);
        continue;
      }
    }
    const chunks: Uint8Array[] = [];
    const call = client.getArtifact({ artifact });
    call.responses.onMessage((message) => chunks.push(message.data));
    await call;
    const content = Buffer.concat(chunks);
    const sha256 = crypto.createHash("sha256").update(content).digest("hex");
    fs.mkdirSync(localDir, { recursive: true });
    const temporary = path.join(localDir, `temp-${process.pid}-${crypto.randomBytes(8).toString("hex")}`);
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, path.join(localDir, sha256));
    yield asFile(artifact, path.join(localDir, sha256), sha256);
  }
}

/**
 * Puts resolveArtifactsWrittenFirst in the SDK's place for this process's
 * expansions: the SDK's external transform calls it through the module's
 * exports. Idempotent.
 */
export function useRaceFreeArtifactDownload(): void {
  (artifacts as { resolveArtifacts: typeof artifacts.resolveArtifacts }).resolveArtifacts =
    resolveArtifactsWrittenFirst;
}
