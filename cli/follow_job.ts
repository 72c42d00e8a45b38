import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import { followJob } from "../runners/portable/job_service";
import { jobEnd } from "../runners/portable/job_end";
import { JobServiceError } from "../runners/portable/job_service_error";

/**
 * Prints a job's state changes and messages on stderr until it ends; fails
 * unless it ends DONE, saying where the cause is (`whereTheCauseIs`: the
 * runner's logs and console).
 */
export async function followToEnd(
  jobEndpoint: string,
  jobId: string,
  whereTheCauseIs: string,
): Promise<void> {
  const messages: string[] = [];
  const finalState = await followJob(jobEndpoint, jobId, {
    onState: (state) => console.error(`model-monitor: job ${jobId} is ${JobState_Enum[state]}`),
    onMessage: (message) => {
      messages.push(message.messageText);
      console.error(`model-monitor: job ${jobId}: ${message.messageText}`);
    },
  });
  if (finalState !== JobState_Enum.DONE)
    throw new JobServiceError(`${jobEnd(jobId, finalState, messages)}; the cause is in ${whereTheCauseIs}`);
}
