import { Command } from "commander";
import { loadSpec } from "../pipelines/spec/load_spec";
import {
  DATAFLOW_FLAG_NAMES,
  DataflowFlags,
  dataflowJobNameProblem,
  dataflowJobOptions,
} from "../runners/dataflow/dataflow_options";
import { startDataflowJobService } from "../runners/dataflow/dataflow_job_service";
import {
  submitDataflowJob,
  waitUntilDataflowStarted,
  waitUntilTemplateWritten,
} from "../runners/dataflow/dataflow_job";
import { needsGoogleCloud, withLocalTemplateStaging } from "../runners/dataflow/classic_template";
import { checkGcpCredentials } from "../runners/dataflow/gcp_credentials";
import { locateBeamPython } from "../runners/dataflow/python_beam";
import { followToEnd } from "./follow_job";
import { warnAboutKafkaSubmission } from "../runners/portable/kafka_submission";
import { submittedPipeline } from "../runners/portable/submitted_pipeline";
import { EXIT_BAD_USAGE } from "./exit_codes";
import { positiveInteger } from "./option_parsers";

/** `submit`'s options as `--runner dataflow` sees them: the Dataflow ones, `--expansion-service`, and the Flink ones it must refuse. */
export type DataflowSubmitOptions = Partial<DataflowFlags> & {
  python?: string;
  jobName?: string;
  follow?: boolean;
  jobEndpoint?: string;
  flinkMaster?: string;
  jobServerJar?: string;
  workerPool?: string;
  parallelism?: number;
  checkpointingInterval?: number;
  expansionService?: string;
};

const REQUIRED: readonly (keyof DataflowFlags)[] = ["project", "region", "tempLocation", "sdkContainerImage"];
/** The options only one runner takes; given with the other runner they are a usage error (exit 2). */
const RUNNER_ONLY = {
  flink: ["jobEndpoint", "flinkMaster", "jobServerJar", "workerPool", "parallelism", "checkpointingInterval"],
  dataflow: [...DATAFLOW_FLAG_NAMES, "python"],
} as const;
const flag = (name: string): string => `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/** "--x is for --runner y", for each option given on the command line that only the other runner takes. */
export function otherRunnersFlags(options: object, runner: keyof typeof RUNNER_ONLY): string[] {
  const other = runner === "flink" ? "dataflow" : "flink";
  const given = options as Record<string, unknown>;
  return RUNNER_ONLY[other]
    .filter((name) => given[name] !== undefined)
    .map((name) => `${flag(name)} is for --runner ${other}`);
}

/** Adds the `--runner dataflow` options to the submit command (Beam's Dataflow option names). */
export function withDataflowOptions(command: Command): Command {
  return command
    .option("--project <id>", "dataflow: the Google Cloud project that runs the job")
    .option("--region <region>", "dataflow: the Dataflow region, e.g. europe-west1")
    .option(
      "--temp-location <gs://bucket/path>",
      "dataflow: Cloud Storage path for temporary and staged files",
    )
    .option(
      "--sdk-container-image <image>",
      "dataflow: the worker image with our SDK harness (docs/dataflow.md, Worker image)",
    )
    .option("--machine-type <type>", "dataflow: worker VM machine type, e.g. n2-standard-4")
    .option("--max-num-workers <n>", "dataflow: upper bound for autoscaling", positiveInteger)
    .option("--service-account-email <email>", "dataflow: the service account the worker VMs run as")
    .option("--network <name>", "dataflow: the VPC network for the worker VMs")
    .option("--subnetwork <name>", "dataflow: the subnetwork, regions/<region>/subnetworks/<name> or a URL")
    .option(
      "--template-location <path|gs://bucket/path>",
      "dataflow: write the job as a Dataflow classic template instead of creating it; a local path needs no " +
        "Google Cloud (docs/dataflow.md, Classic templates)",
    )
    .option(
      "--staging-location <dir|gs://bucket/path>",
      "dataflow: where staged files go (default <temp-location>/staging; for a local template <template>-staging)",
    )
    .option("--python <path>", "dataflow: the Python with apache-beam[gcp] (default: python3, then python)");
}

function usageProblems(options: DataflowSubmitOptions): string[] {
  const problems = otherRunnersFlags(options, "dataflow");
  const missing = REQUIRED.filter((name) => options[name] === undefined);
  if (missing.length > 0) problems.push(`--runner dataflow needs ${missing.map(flag).join(", ")}`);
  if (options.tempLocation !== undefined && !options.tempLocation.startsWith("gs://"))
    problems.push(
      `--temp-location must be a Cloud Storage path gs://bucket/path, got "${options.tempLocation}"`,
    );
  if (options.templateLocation !== undefined && options.follow)
    problems.push("--follow has no job to follow with --template-location, which creates none");
  return problems;
}

/**
 * `model-monitor submit <spec> --runner dataflow`: checks the command line,
 * the spec, Python's Beam and, unless only local files are written, GCP
 * credentials (each in seconds, before anything starts), builds the pipeline
 * (a Kafka read expanded by the Java expansion service, which runs in Beam's
 * Java SDK image on Dataflow), then starts Beam's Python Dataflow job service,
 * submits the pipeline with our worker image and prints the job id once
 * Dataflow runs the job (or, with --follow, follows it to its end); with
 * --template-location, prints the template's location once it is written.
 */
export async function submitToDataflow(
  specFile: string,
  options: DataflowSubmitOptions,
  command: Command,
): Promise<void> {
  const problems = usageProblems(options);
  if (problems.length > 0) command.error(`error: ${problems.join("; ")}`, { exitCode: EXIT_BAD_USAGE });
  const spec = loadSpec(specFile);
  warnAboutKafkaSubmission(spec, "Dataflow");
  const jobName = options.jobName ?? `model-monitor-${spec.model}`;
  const jobNameProblem = dataflowJobNameProblem(jobName);
  if (jobNameProblem !== undefined) command.error(`error: ${jobNameProblem}`, { exitCode: EXIT_BAD_USAGE });
  const python = locateBeamPython(options.python);
  const flags = withLocalTemplateStaging(options as DataflowFlags);
  if (needsGoogleCloud(flags)) await checkGcpCredentials(process.env);

  const pipeline = await submittedPipeline(spec, {
    runner: "dataflow",
    workerImage: flags.sdkContainerImage,
    expansionService: options.expansionService,
  });
  const jobService = await startDataflowJobService(python);
  try {
    const jobId = await submitDataflowJob(jobService.endpoint, pipeline, dataflowJobOptions(flags, jobName));
    if (flags.templateLocation !== undefined) {
      await waitUntilTemplateWritten(jobService.endpoint, jobId);
      console.log(flags.templateLocation);
    } else if (options.follow) {
      console.log(jobId);
      await followToEnd(jobService.endpoint, jobId, "the job service's log above and the Dataflow console");
    } else {
      await waitUntilDataflowStarted(jobService.endpoint, jobId);
      console.log(jobId);
    }
  } finally {
    await jobService.stop();
  }
}
