import { ChannelCredentials } from "@grpc/grpc-js";
import { GrpcTransport } from "@protobuf-ts/grpc-transport";
import { offerArtifacts } from "apache-beam/runners/artifacts";
import { ArtifactStagingServiceClient } from "apache-beam/proto/beam_artifact_api.client";
import { JobServiceClient } from "apache-beam/proto/beam_job_api.client";
import { JobMessage, JobState_Enum } from "apache-beam/proto/beam_job_api";
import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import { PortableJobOptions, pipelineOptionsStruct } from "./pipeline_options";
import { JobServiceError, grpcReason, isUnreachable } from "./job_service_error";

/** A unary Job API call that gets no answer in this time means the job server is not there (or stuck). */
const UNARY_CALL_TIMEOUT_MS = 10_000;

export const TERMINAL_JOB_STATES: readonly JobState_Enum[] = [
  JobState_Enum.DONE,
  JobState_Enum.FAILED,
  JobState_Enum.CANCELLED,
  JobState_Enum.UPDATED,
  JobState_Enum.DRAINED,
];

export function jobServiceClient(jobEndpoint: string): JobServiceClient {
  return new JobServiceClient(
    new GrpcTransport({ host: jobEndpoint, channelCredentials: ChannelCredentials.createInsecure() }),
  );
}

async function step<T>(jobEndpoint: string, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof JobServiceError) throw error;
    if (isUnreachable(error))
      throw new JobServiceError(
        `no Beam job server answered at ${jobEndpoint} (${what}: ${grpcReason(error)}); start one ` +
          `(docs/flink.md, step 1) or pass its address with --job-endpoint host:port`,
      );
    throw new JobServiceError(`the job server at ${jobEndpoint} refused ${what}: ${grpcReason(error)}`);
  }
}

/**
 * Submits a pipeline through the Beam Job API: Prepare (pipeline + options),
 * then, when the server asks for them, the environments' artifacts over the
 * reverse artifact-staging stream, then Run. Resolves to the job id as soon
 * as the job is accepted; the job runs on without this process (unless its
 * environment is LOOPBACK).
 */
export async function submitJob(
  jobEndpoint: string,
  pipeline: runnerApi.Pipeline,
  options: PortableJobOptions,
): Promise<string> {
  const client = jobServiceClient(jobEndpoint);
  const prepared = await step(jobEndpoint, "Prepare", async () => {
    const request = { pipeline, jobName: options.jobName, pipelineOptions: pipelineOptionsStruct(options) };
    return await client.prepare(request, { timeout: UNARY_CALL_TIMEOUT_MS }).response;
  });
  const stagingEndpoint = prepared.artifactStagingEndpoint?.url;
  if (stagingEndpoint) {
    await step(stagingEndpoint, "artifact staging", () =>
      offerArtifacts(
        new ArtifactStagingServiceClient(
          new GrpcTransport({
            host: stagingEndpoint,
            channelCredentials: ChannelCredentials.createInsecure(),
          }),
        ),
        prepared.stagingSessionToken,
        "/",
      ),
    );
  }
  const run = await step(
    jobEndpoint,
    "Run",
    async () =>
      client.run(
        { preparationId: prepared.preparationId, retrievalToken: "" },
        { timeout: UNARY_CALL_TIMEOUT_MS },
      ).response,
  );
  return run.jobId;
}

export interface JobFollower {
  onState(state: JobState_Enum): void;
  onMessage(message: JobMessage): void;
}

/**
 * Follows a job until it reaches a terminal state: its state changes from
 * GetStateStream and its log messages from GetMessageStream. Resolves to the
 * terminal state; an unreachable server or a stream that ends early is an
 * error that says so.
 */
export async function followJob(
  jobEndpoint: string,
  jobId: string,
  follower: JobFollower,
): Promise<JobState_Enum> {
  const client = jobServiceClient(jobEndpoint);
  const abortMessages = new AbortController();
  const messages = client.getMessageStream({ jobId }, { abort: abortMessages.signal });
  messages.responses.onMessage((response) => {
    if (response.response.oneofKind === "messageResponse")
      follower.onMessage(response.response.messageResponse);
  });
  // Cancelling the message stream at the end rejects it; that is expected, so the rejection is observed here.
  messages.then(undefined, () => undefined);
  try {
    return await step(jobEndpoint, `GetStateStream for job ${jobId}`, async () => {
      for await (const event of client.getStateStream({ jobId }).responses) {
        follower.onState(event.state);
        if (TERMINAL_JOB_STATES.includes(event.state)) return event.state;
      }
      throw new JobServiceError(
        `the job server at ${jobEndpoint} ended the state stream of job ${jobId} before the job finished`,
      );
    });
  } finally {
    abortMessages.abort();
  }
}

/** Asks the job server to cancel a job; the job then reaches CANCELLED (followJob sees it). */
export async function cancelJob(jobEndpoint: string, jobId: string): Promise<void> {
  const client = jobServiceClient(jobEndpoint);
  await step(
    jobEndpoint,
    `Cancel for job ${jobId}`,
    async () => client.cancel({ jobId }, { timeout: UNARY_CALL_TIMEOUT_MS }).response,
  );
}

export async function jobState(jobEndpoint: string, jobId: string): Promise<JobState_Enum> {
  const client = jobServiceClient(jobEndpoint);
  const response = await step(
    jobEndpoint,
    `GetState for job ${jobId}`,
    async () => client.getState({ jobId }, { timeout: UNARY_CALL_TIMEOUT_MS }).response,
  );
  return response.state;
}
