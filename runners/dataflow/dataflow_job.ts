import { PortableRunner } from "apache-beam/runners/portable_runner/runner";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import { TERMINAL_JOB_STATES, followJob, jobState } from "../portable/job_service";
import { JobServiceError, grpcReason } from "../portable/job_service_error";
import { withSdkLogsOnStderr } from "../portable/sdk_service_logs";

/** How often to ask the job service whether Dataflow has started the job. */
const STATE_POLL_INTERVAL_MS = 2_000;

/**
 * Submits the pipeline through Beam's Dataflow job service with the SDK's
 * PortableRunner (Prepare with the options, artifact staging, Run), as the
 * SDK's dataflowRunner does, and resolves to the job service's job id. The
 * runner adds `streaming` when a PCollection is unbounded and
 * `registered_node_modules`.
 */
export async function submitDataflowJob(
  jobServiceEndpoint: string,
  pipeline: runnerApi.Pipeline,
  options: Record<string, unknown>,
): Promise<string> {
  try {
    const result = await withSdkLogsOnStderr(() =>
      new PortableRunner(jobServiceEndpoint).runPipelineWithProto(pipeline, options),
    );
    return result.jobId;
  } catch (error) {
    throw new JobServiceError(
      `Beam's Dataflow job service at ${jobServiceEndpoint} refused the job: ${grpcReason(error)}`,
    );
  }
}

/**
 * Waits until the job service reports the job RUNNING (Dataflow created and
 * started it: the job service may stop now) or ended; fails unless RUNNING or
 * DONE. Python's job service submits to Dataflow after Run returns, so
 * stopping it before this would lose the submission.
 */
export async function waitUntilDataflowStarted(jobServiceEndpoint: string, jobId: string): Promise<void> {
  for (;;) {
    const state = await jobState(jobServiceEndpoint, jobId);
    if (state === JobState_Enum.RUNNING || state === JobState_Enum.DONE) return;
    if (TERMINAL_JOB_STATES.includes(state))
      throw new JobServiceError(
        `the Dataflow job ${jobId} ended ${JobState_Enum[state]} before it ran; the job service's log above ` +
          `and the Dataflow console have the cause`,
      );
    await new Promise((resolve) => setTimeout(resolve, STATE_POLL_INTERVAL_MS));
  }
}

/**
 * Waits until the job service has written the classic template (our job
 * service ends such a job DONE: runners/dataflow/dataflow_job_service.py);
 * fails naming the state otherwise. Its log, on this process's stderr, says
 * what it wrote or why it could not.
 */
export async function waitUntilTemplateWritten(jobServiceEndpoint: string, jobId: string): Promise<void> {
  const ignore = () => undefined;
  const state = await followJob(jobServiceEndpoint, jobId, { onState: ignore, onMessage: ignore });
  if (state !== JobState_Enum.DONE)
    throw new JobServiceError(
      `Beam's Dataflow job service did not write the template: job ${jobId} ended ${JobState_Enum[state]}; ` +
        `its log above has the cause`,
    );
}
