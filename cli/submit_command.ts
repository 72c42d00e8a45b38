import { Command, InvalidArgumentError, Option } from "commander";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import * as path from "path";
import { SubprocessService } from "apache-beam/utils/service";
import { loadSpec } from "../pipelines/spec/load_spec";
import { EXIT_BAD_USAGE } from "./exit_codes";
import { RESULT_KINDS } from "../pipelines/spec/schema";
import { FLINK_JOB_SERVER_MAIN, locateJobServerJar } from "../runners/portable/job_server_jar";
import { kafkaRecordsClasspath } from "../runners/portable/kafka_records_classpath";
import { jobState, submitJob } from "../runners/portable/job_service";
import { followToEnd } from "./follow_job";
import { isUnbounded } from "../runners/portable/pipeline_proto";
import { warnAboutKafkaSubmission } from "../runners/portable/kafka_submission";
import { DEFAULT_CHECKPOINTING_INTERVAL_MS } from "../runners/portable/pipeline_options";
import { submittedPipeline } from "../runners/portable/submitted_pipeline";
import { withSdkLogsOnStderr } from "../runners/portable/sdk_service_logs";
import { startWorkerPool } from "../runners/portable/worker_pool";
import { prepareFileSink } from "../transforms/io/result_sink";
import { positiveInteger } from "./option_parsers";
import { otherRunnersFlags, submitToDataflow, withDataflowOptions } from "./submit_dataflow";

/** Where a failed Flink job's cause is. */
const FLINK_LOGS = "the job server's log and the Flink UI";

interface SubmitOptions {
  runner: "flink" | "dataflow";
  jobEndpoint?: string;
  flinkMaster?: string;
  jobServerJar?: string;
  flinkVersion: string;
  workerPool?: string;
  parallelism?: number;
  checkpointingInterval?: number;
  jobName?: string;
  follow?: boolean;
  expansionService?: string;
}

function hostPort(text: string): string {
  if (!/^[^\s:]+:\d+$/.test(text)) throw new InvalidArgumentError(`expected host:port, got "${text}"`);
  return text;
}

/**
 * A job server for `--flink-master`, started from the local jar (never downloaded). For a Kafka
 * source our Java Kafka read's classpath follows the jar's: the read runs EMBEDDED in its JVM.
 */
async function startJobServer(
  options: SubmitOptions,
  kafkaSource: boolean,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const jar = locateJobServerJar(options.flinkVersion, options.jobServerJar);
  const classpath = kafkaSource ? [jar, kafkaRecordsClasspath()].join(path.delimiter) : jar;
  const server = new SubprocessService("java", [
    "-cp",
    classpath,
    FLINK_JOB_SERVER_MAIN,
    "--flink-master",
    options.flinkMaster!,
    "--job-port",
    "{{PORT}}",
    "--artifact-port",
    "0",
    "--expansion-port",
    "0",
  ]);
  return {
    endpoint: await withSdkLogsOnStderr(() => server.start()),
    stop: () => withSdkLogsOnStderr(() => server.stop()),
  };
}

async function submit(specFile: string, options: SubmitOptions): Promise<void> {
  const spec = loadSpec(specFile);
  warnAboutKafkaSubmission(spec, "Flink");
  const loopback = options.workerPool === undefined;
  // A LOOPBACK job's workers live in this process, which must outlive the job; so must a job server we start.
  const follow = options.follow === true || loopback || options.flinkMaster !== undefined;
  const jobServer =
    options.flinkMaster === undefined
      ? undefined
      : await startJobServer(options, spec.source.kind === "kafka");
  const workers = loopback ? await startWorkerPool("localhost:0").catch(stopFirst(jobServer)) : undefined;
  try {
    if (loopback)
      for (const sink of spec.sinks) if (sink.kind === "file") prepareFileSink(sink.dir, RESULT_KINDS);
    const jobEndpoint = options.jobEndpoint ?? jobServer!.endpoint;
    const workerPoolAddress = options.workerPool ?? workers!.address;
    const pipeline = await submittedPipeline(spec, {
      runner: "flink",
      specFile,
      workerPoolAddress,
      expansionService: options.expansionService,
    });
    const streaming = isUnbounded(pipeline);
    if (!streaming && options.checkpointingInterval !== undefined)
      console.error(
        "model-monitor: --checkpointing-interval ignored: a bounded job runs in Flink's batch mode",
      );
    const jobId = await submitJob(jobEndpoint, pipeline, {
      jobName: options.jobName ?? `model-monitor-${spec.model}`,
      parallelism: options.parallelism,
      streaming,
      checkpointingInterval: streaming
        ? (options.checkpointingInterval ?? DEFAULT_CHECKPOINTING_INTERVAL_MS)
        : undefined,
      finishBundleBeforeCheckpointing: streaming ? true : undefined,
      environmentType: loopback ? "LOOPBACK" : "EXTERNAL",
      environmentConfig: workerPoolAddress,
    });
    console.log(jobId);
    if (follow) await followToEnd(jobEndpoint, jobId, FLINK_LOGS);
  } finally {
    await workers?.stop();
    await jobServer?.stop();
  }
}

/** Stops a started service when the next start fails, and passes the failure on. */
const stopFirst =
  (service: { stop(): Promise<void> } | undefined) =>
  async (error: unknown): Promise<never> => {
    await service?.stop();
    throw error;
  };

export function submitCommand(): Command {
  return withDataflowOptions(new Command("submit"))
    .description(
      "Submit the monitoring job described by a spec to Apache Flink (through a Beam Flink job server) or to " +
        "Google Cloud Dataflow (through Beam's Python Dataflow job service) and print its job id. On Flink without " +
        "--worker-pool the TypeScript workers run in this process (LOOPBACK), which then stays until the job ends.",
    )
    .argument("<spec>", "path to the spec file")
    .addOption(
      new Option(
        "--runner <name>",
        "flink: a Beam Flink job server (docs/flink.md); dataflow: Google Cloud Dataflow (docs/dataflow.md)",
      )
        .choices(["flink", "dataflow"])
        .default("flink"),
    )
    .option(
      "--job-endpoint <host:port>",
      "flink: a running Beam Flink job server's Job API address",
      hostPort,
    )
    .option(
      "--flink-master <host:port>",
      "flink: start a Flink job server from a local jar, for this Flink master",
      hostPort,
    )
    .option("--job-server-jar <path>", "flink: the Beam Flink job server jar (with --flink-master)")
    .option(
      "--flink-version <x.y>",
      "flink: the Flink version of the job server jar (with --flink-master)",
      "1.16",
    )
    .option(
      "--worker-pool <host:port>",
      "flink: EXTERNAL environment, the TypeScript worker pool beside each task manager",
      hostPort,
    )
    .option("--parallelism <n>", "flink: Flink's default parallelism for the job", positiveInteger)
    .option(
      "--checkpointing-interval <ms>",
      `flink: checkpoint a streaming job this often; Kafka offsets are committed with checkpoints (default ${DEFAULT_CHECKPOINTING_INTERVAL_MS})`,
      positiveInteger,
    )
    .option("--job-name <name>", "the job's name (default model-monitor-<model>)")
    .option("--follow", "print the job's state changes and messages until it ends; fail unless it ends DONE")
    .option(
      "--expansion-service <host:port>",
      "a kafka source (flink, dataflow): a running expansion service serving our Kafka read (java/kafka-records); default: started here from its Maven classpath",
      hostPort,
    )
    .action((specFile: string, options: SubmitOptions, command: Command) => {
      if (options.runner === "dataflow") return submitToDataflow(specFile, options, command);
      const problems = otherRunnersFlags(options, "flink");
      if ((options.jobEndpoint === undefined) === (options.flinkMaster === undefined))
        problems.push("give exactly one of --job-endpoint host:port and --flink-master host:port");
      if (problems.length > 0) command.error(`error: ${problems.join("; ")}`, { exitCode: EXIT_BAD_USAGE });
      return submit(specFile, options);
    });
}

export function jobStatusCommand(): Command {
  return new Command("job-status")
    .description(
      "Print the state of a submitted job; with --follow, follow it until it ends (fails unless DONE).",
    )
    .argument("<job-id>", "the id printed by model-monitor submit")
    .requiredOption("--job-endpoint <host:port>", "the Beam job server's Job API address", hostPort)
    .option("--follow", "follow the job's states and messages until it ends")
    .action(async (jobId: string, options: { jobEndpoint: string; follow?: boolean }) => {
      if (options.follow) await followToEnd(options.jobEndpoint, jobId, FLINK_LOGS);
      else console.log(JobState_Enum[await jobState(options.jobEndpoint, jobId)]);
    });
}
