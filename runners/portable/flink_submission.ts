import type { MonitorSpec } from "../../pipelines/spec/schema";
import { submitJob } from "./job_service";
import { DEFAULT_CHECKPOINTING_INTERVAL_MS } from "./pipeline_options";
import { isUnbounded } from "./pipeline_proto";
import { submittedPipeline } from "./submitted_pipeline";

/** Where and how a monitoring job goes to a Beam Flink job server. */
export interface FlinkSubmission {
  /** The spec file, staged with the job. */
  specFile: string;
  /** The job server's Job API address. */
  jobEndpoint: string;
  /** The TypeScript worker pool: one in this process (LOOPBACK) or beside each task manager (EXTERNAL). */
  workerPoolAddress: string;
  environmentType: "LOOPBACK" | "EXTERNAL";
  /** A running expansion service serving our Kafka read (host:port); without it ours is started. */
  expansionService?: string;
  parallelism?: number;
  /** A streaming job's checkpoint interval; default DEFAULT_CHECKPOINTING_INTERVAL_MS. */
  checkpointingInterval?: number;
  jobName?: string;
}

/**
 * Builds the job's pipeline proto and submits it; resolves to the job id.
 * A pipeline with an unbounded PCollection (a Kafka source) runs in Flink's
 * streaming mode with checkpoints; a bounded one (a file source) in its
 * batch mode, which does not checkpoint (a given interval is ignored, saying so).
 */
export async function submitToFlink(spec: MonitorSpec, submission: FlinkSubmission): Promise<string> {
  const pipeline = await submittedPipeline(spec, {
    runner: "flink",
    specFile: submission.specFile,
    workerPoolAddress: submission.workerPoolAddress,
    expansionService: submission.expansionService,
  });
  const streaming = isUnbounded(pipeline);
  if (!streaming && submission.checkpointingInterval !== undefined)
    console.error(
      "model-monitor: --checkpointing-interval ignored: a bounded job runs in Flink's batch mode",
    );
  return submitJob(submission.jobEndpoint, pipeline, {
    jobName: submission.jobName ?? `model-monitor-${spec.model}`,
    parallelism: submission.parallelism,
    streaming,
    checkpointingInterval: streaming
      ? (submission.checkpointingInterval ?? DEFAULT_CHECKPOINTING_INTERVAL_MS)
      : undefined,
    finishBundleBeforeCheckpointing: streaming ? true : undefined,
    environmentType: submission.environmentType,
    environmentConfig: submission.workerPoolAddress,
  });
}
