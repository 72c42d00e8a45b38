import { JobState_Enum } from "apache-beam/proto/beam_job_api";

/** Flink's exception for a job cancelled in its REST API or UI, as a job message relays it. */
const FLINK_CANCELLATION = "JobCancellationException";

/**
 * How a job that did not end DONE ended, in words. Beam's job server
 * (JobInvocation) reports CANCELLED only for a Job API Cancel; a job
 * cancelled in Flink's REST API or UI ends its invocation with Flink's
 * JobCancellationException, which it reports as FAILED. The job's messages
 * carry that exception, so such an end is called a cancellation here.
 */
export function jobEnd(jobId: string, finalState: JobState_Enum, messages: readonly string[]): string {
  if (finalState === JobState_Enum.FAILED && messages.some((text) => text.includes(FLINK_CANCELLATION)))
    return (
      `job ${jobId} was cancelled in Flink (its REST API or UI); the job server reports a job not cancelled ` +
      "through its Job API as FAILED"
    );
  return `job ${jobId} ended ${JobState_Enum[finalState]}`;
}
