import { Command, Option } from "commander";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import { loadSpec } from "../pipelines/spec/load_spec";
import { EXIT_BAD_USAGE } from "./exit_codes";
import { RESULT_KINDS } from "../pipelines/spec/schema";
import { DEFAULT_FLINK_VERSION, locateJobServerJar } from "../runners/portable/job_server_jar";
import { jobState } from "../runners/portable/job_service";
import { followToEnd } from "./follow_job";
import { warnAboutKafkaSubmission } from "../runners/portable/kafka_submission";
import { kafkaRecordsClasspath } from "../runners/portable/kafka_records_classpath";
import { DEFAULT_CHECKPOINTING_INTERVAL_MS } from "../runners/portable/pipeline_options";
import { submitToFlink } from "../runners/portable/flink_submission";
import { startLocalJobServer } from "../runners/portable/local_job_server";
import { withSdkWorkerChatterDropped } from "../runners/portable/sdk_service_logs";
import { startWorkerPool } from "../runners/portable/worker_pool";
import { prepareFileSink } from "../transforms/io/result_sink";
import { hostPort, positiveInteger } from "./option_parsers";
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

/** `--flink-master`: a Flink master's host:port, or `[local]` for Flink inside the job server. */
function flinkMaster(text: string): string {
  return text === "[local]" ? text : hostPort(text);
}

async function submit(specFile: string, options: SubmitOptions): Promise<void> {
  // LOOPBACK workers run in this process: their per-bundle logging would bury the job's states.
  return withSdkWorkerChatterDropped(() => submitAndFollow(specFile, options));
}

async function submitAndFollow(specFile: string, options: SubmitOptions): Promise<void> {
  const spec = loadSpec(specFile);
  warnAboutKafkaSubmission(spec, "Flink");
  const loopback = options.workerPool === undefined;
  // A LOOPBACK job's workers live in this process, which must outlive the job; so must a job server we start.
  const follow = options.follow === true || loopback || options.flinkMaster !== undefined;
  const jobServer =
    options.flinkMaster === undefined
      ? undefined
      : await startLocalJobServer({
          jar: locateJobServerJar(options.flinkVersion, options.jobServerJar),
          flinkMaster: options.flinkMaster,
          // Our Kafka read's Java steps run EMBEDDED in the job server's JVM.
          classpath: spec.source.kind === "kafka" ? kafkaRecordsClasspath() : [],
        });
  const workers = loopback ? await startWorkerPool("localhost:0").catch(stopFirst(jobServer)) : undefined;
  try {
    if (loopback)
      for (const sink of spec.sinks) if (sink.kind === "file") prepareFileSink(sink.dir, RESULT_KINDS);
    const jobEndpoint = options.jobEndpoint ?? jobServer!.endpoint;
    const jobId = await submitToFlink(spec, {
      ...options,
      specFile,
      jobEndpoint,
      workerPoolAddress: options.workerPool ?? workers!.address,
      environmentType: loopback ? "LOOPBACK" : "EXTERNAL",
    });
    process.stdout.write(`${jobId}\n`); // not console.log, which is dropped meanwhile
    if (follow)
      await followToEnd(
        jobEndpoint,
        jobId,
        jobServer ? `the job server's log (${jobServer.logFile})` : FLINK_LOGS,
      );
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
      "--flink-master <host:port|[local]>",
      "flink: start a Flink job server from a local jar, for this Flink master ([local]: Flink inside the job server)",
      flinkMaster,
    )
    .option("--job-server-jar <path>", "flink: the Beam Flink job server jar (with --flink-master)")
    .option(
      "--flink-version <x.y>",
      "flink: the Flink version of the job server jar (with --flink-master)",
      DEFAULT_FLINK_VERSION,
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
