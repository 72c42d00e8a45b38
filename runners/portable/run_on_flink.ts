import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import type { MonitorSpec } from "../../pipelines/spec/schema";
import { type FlinkSubmission, submitToFlink } from "./flink_submission";
import { DEFAULT_FLINK_VERSION, locateJobServerJar } from "./job_server_jar";
import { cancelJob, followJob } from "./job_service";
import { jobEnd } from "./job_end";
import { JobServiceError } from "./job_service_error";
import { kafkaRecordsClasspath } from "./kafka_records_classpath";
import { type LocalJobServer, startLocalJobServer } from "./local_job_server";
import { withSdkWorkerChatterDropped } from "./sdk_service_logs";
import { startWorkerPool } from "./worker_pool";

export interface FlinkRunOptions extends Pick<
  FlinkSubmission,
  "specFile" | "expansionService" | "parallelism" | "checkpointingInterval"
> {
  /** A running job server's Job API address; without it a local one is started from the jar. */
  jobEndpoint?: string;
  /** The job server jar for a local job server (default: the SDK's jar cache, runners/portable/job_server_jar.ts). */
  jobServerJar?: string;
  flinkVersion?: string;
  /** Jars added to a local job server's class path (Java transforms in an EMBEDDED environment). */
  jobServerClasspath?: readonly string[];
}

/**
 * Runs the monitoring job on Beam's Flink runner and returns once it has
 * ended: on the job server at `jobEndpoint`, or on one started here from the
 * jar with Flink inside it (`--flink-master=[local]`), stopped at the end.
 * The TypeScript workers run in this process (LOOPBACK), so file sinks are
 * written here, where the direct runner writes them. A file source runs as a
 * batch job to DONE; a Kafka source streams until `maxRecords` or until this
 * process gets SIGINT/SIGTERM, which cancels the job (an end, not a failure).
 * Any other end (FAILED, or a cancellation from elsewhere) is a JobServiceError
 * naming the job server's log.
 */
export async function runOnFlink(spec: MonitorSpec, options: FlinkRunOptions): Promise<void> {
  const jobServer =
    options.jobEndpoint === undefined
      ? await startLocalJobServer({
          jar: locateJobServerJar(options.flinkVersion ?? DEFAULT_FLINK_VERSION, options.jobServerJar),
          flinkMaster: "[local]",
          // Our Kafka read's Java steps run EMBEDDED in the job server's JVM.
          classpath: [
            ...(spec.source.kind === "kafka" ? kafkaRecordsClasspath() : []),
            ...(options.jobServerClasspath ?? []),
          ],
        })
      : undefined;
  const jobEndpoint = options.jobEndpoint ?? jobServer!.endpoint;
  try {
    await withSdkWorkerChatterDropped(async () => {
      const workers = await startWorkerPool("localhost:0");
      try {
        const jobId = await submitToFlink(spec, {
          ...options,
          jobEndpoint,
          workerPoolAddress: workers.address,
          environmentType: "LOOPBACK",
        });
        await followUntilEnded(spec, jobEndpoint, jobId, jobServer);
      } finally {
        await workers.stop();
      }
    });
  } finally {
    await jobServer?.stop();
  }
}

/** Follows the job to its end; SIGINT/SIGTERM meanwhile cancel it, and that cancellation is a normal end. */
async function followUntilEnded(
  spec: MonitorSpec,
  jobEndpoint: string,
  jobId: string,
  jobServer: LocalJobServer | undefined,
): Promise<void> {
  const cancellation = { requested: false };
  const messages: string[] = [];
  const cancel = () => {
    cancellation.requested = true;
    console.error(`model-monitor: cancelling job ${jobId}`);
    cancelJob(jobEndpoint, jobId).catch((error: Error) => console.error(`model-monitor: ${error.message}`));
  };
  process.once("SIGINT", cancel);
  process.once("SIGTERM", cancel);
  try {
    const finalState = await followJob(jobEndpoint, jobId, {
      onState: (state) =>
        console.error(`model-monitor: Flink job of ${spec.model} is ${JobState_Enum[state]}`),
      onMessage: (message) =>
        console.error(`model-monitor: Flink job of ${spec.model}: ${message.messageText}`),
    });
    if (finalState === JobState_Enum.DONE) return;
    if (finalState === JobState_Enum.CANCELLED && cancellation.requested) return;
    const logs =
      jobServer === undefined ? "the job server's log" : `the job server's log (${jobServer.logFile})`;
    throw new JobServiceError(`Flink ${jobEnd(jobId, finalState, messages)}; ${logs} has the cause`);
  } finally {
    process.off("SIGINT", cancel);
    process.off("SIGTERM", cancel);
  }
}
