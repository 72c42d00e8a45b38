import "../portable/worker_modules";
import { parseArgs } from "util";
import { ChannelCredentials } from "@grpc/grpc-js";
import { GrpcTransport } from "@protobuf-ts/grpc-transport";
import { ProvisionServiceClient } from "apache-beam/proto/beam_provision_api.client";
import { Worker } from "apache-beam/worker/worker";
import { createLoggingChannel } from "apache-beam/worker/logging";
import { DataflowSetupError } from "./dataflow_setup_error";

/** A provision service that has not answered in this time is not there. */
const PROVISION_TIMEOUT_MS = 30_000;

/** The flags of Beam's SDK container contract (https://s.apache.org/beam-fn-api-container-contract). */
const CONTAINER_FLAGS = {
  id: { type: "string" },
  provision_endpoint: { type: "string" },
  control_endpoint: { type: "string" },
  logging_endpoint: { type: "string" },
  artifact_endpoint: { type: "string" },
  semi_persist_dir: { type: "string" },
} as const;

/**
 * What Beam's TypeScript container boot (sdks/typescript/container/boot.go)
 * does, for an image that already holds our code: asks the runner's
 * provision service for the endpoints and the sibling harness ids, then
 * starts one SDK harness per id in this process, each connected to the
 * control endpoint. The stock boot instead npm-installs staged packages and
 * runs the SDK's worker_main, which cannot load our modules by the names our
 * DoFns register them under. Resolves to the started harnesses' ids.
 */
export async function bootSdkHarnesses(args: string[]): Promise<string[]> {
  const flags = parseArgs({ args, options: CONTAINER_FLAGS, strict: false }).values;
  const id = flags.id as string | undefined;
  const provisionEndpoint = flags.provision_endpoint as string | undefined;
  if (!id || !provisionEndpoint)
    throw new DataflowSetupError(
      `the container needs --id and --provision_endpoint (Beam's container contract), got: ${args.join(" ")}`,
    );
  const provision = new ProvisionServiceClient(
    new GrpcTransport({ host: provisionEndpoint, channelCredentials: ChannelCredentials.createInsecure() }),
  );
  const { info } = await provision.getProvisionInfo(
    {},
    { meta: { worker_id: id }, timeout: PROVISION_TIMEOUT_MS },
  ).response;
  const controlUrl = info?.controlEndpoint?.url || (flags.control_endpoint as string | undefined);
  const loggingUrl = info?.loggingEndpoint?.url || (flags.logging_endpoint as string | undefined);
  if (!controlUrl)
    throw new DataflowSetupError(`the provision service at ${provisionEndpoint} named no control endpoint`);
  // From here on this process's console goes to the runner's logging service (Dataflow's worker logs).
  if (loggingUrl)
    createLoggingChannel(id, loggingUrl)().catch((error: Error) =>
      console.error(`model-monitor: log forwarding to ${loggingUrl} stopped: ${error.message}`),
    );
  const workerIds = [id, ...(info?.siblingWorkerIds ?? [])];
  for (const workerId of workerIds) new Worker(workerId, { controlUrl }, {});
  return workerIds;
}
