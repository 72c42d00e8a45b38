import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { DataflowSetupError } from "./dataflow_setup_error";

/** A GCE/GKE metadata server answers on the link-local address at once; off Google Cloud nothing does. */
const METADATA_PROBE_TIMEOUT_MS = 1_500;

/** Where `gcloud auth application-default login` writes its credentials (google-auth's lookup order). */
function applicationDefaultCredentialsFile(env: NodeJS.ProcessEnv): string {
  const configDir =
    env.CLOUDSDK_CONFIG ??
    (process.platform === "win32"
      ? path.join(env.APPDATA ?? os.homedir(), "gcloud")
      : path.join(os.homedir(), ".config", "gcloud"));
  return path.join(configDir, "application_default_credentials.json");
}

/** True when a Google metadata server (GCE, GKE, Cloud Run) answers, as google-auth probes it. */
function metadataServerAnswers(env: NodeJS.ProcessEnv): Promise<boolean> {
  const host = env.GCE_METADATA_HOST ?? env.GCE_METADATA_IP ?? "169.254.169.254";
  return new Promise((resolve) => {
    const request = http.get(
      {
        host: host.split(":")[0],
        port: host.split(":")[1] ?? 80,
        path: "/",
        headers: { "Metadata-Flavor": "Google" },
      },
      (response) => {
        response.resume();
        resolve(response.headers["metadata-flavor"] === "Google");
      },
    );
    request.setTimeout(METADATA_PROBE_TIMEOUT_MS, () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

/**
 * Checks, before anything starts, that Google's application-default
 * credentials can be found the way the Python job service will look for
 * them: GOOGLE_APPLICATION_CREDENTIALS (which must then name an existing
 * file), else gcloud's application-default file, else a metadata server.
 */
export async function checkGcpCredentials(env: NodeJS.ProcessEnv): Promise<void> {
  const keyFile = env.GOOGLE_APPLICATION_CREDENTIALS;
  if (keyFile !== undefined && keyFile !== "") {
    if (fs.existsSync(keyFile)) return;
    throw new DataflowSetupError(
      `GOOGLE_APPLICATION_CREDENTIALS is ${keyFile}, which does not exist; point it at a service account ` +
        "key file, or unset it to use the credentials of `gcloud auth application-default login`",
    );
  }
  const adcFile = applicationDefaultCredentialsFile(env);
  if (fs.existsSync(adcFile) || (await metadataServerAnswers(env))) return;
  throw new DataflowSetupError(
    `no GCP credentials: GOOGLE_APPLICATION_CREDENTIALS is not set, ${adcFile} does not exist and no ` +
      "Google metadata server answered; run `gcloud auth application-default login`, or set " +
      "GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or submit from a Google Cloud VM or " +
      "GKE pod with a service account",
  );
}
