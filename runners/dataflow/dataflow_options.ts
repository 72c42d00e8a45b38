import { needsGoogleCloud } from "./classic_template";

/**
 * What `submit --runner dataflow` takes from the command line, named as
 * Beam's Dataflow pipeline options are (Python's GoogleCloudOptions and
 * WorkerOptions `dest` names, here in camelCase).
 */
export interface DataflowFlags {
  project: string;
  region: string;
  /** gs://bucket/path for temporary files; staging defaults to it. */
  tempLocation: string;
  /** The worker image every SDK harness runs in (docs/dataflow.md, "Worker image"). */
  sdkContainerImage: string;
  machineType?: string;
  maxNumWorkers?: number;
  serviceAccountEmail?: string;
  network?: string;
  subnetwork?: string;
  /** Where staged files go (Beam's default: <tempLocation>/staging); a local directory for a local template. */
  stagingLocation?: string;
  /** Write the job as a Dataflow classic template here instead of creating it (runners/dataflow/classic_template.ts). */
  templateLocation?: string;
}

/** Every DataflowFlags field: the command line's other options (local paths, Flink's) never reach Dataflow. */
export const DATAFLOW_FLAG_NAMES = [
  "project",
  "region",
  "tempLocation",
  "sdkContainerImage",
  "machineType",
  "maxNumWorkers",
  "serviceAccountEmail",
  "network",
  "subnetwork",
  "stagingLocation",
  "templateLocation",
] as const satisfies readonly (keyof DataflowFlags)[];

/**
 * `use_sibling_sdk_workers`, as the SDK's dataflowRunner adds: Dataflow then
 * starts one worker container per VM and lists the sibling harness ids in its
 * provision info (the container boot starts one harness per id).
 */
const DATAFLOW_EXPERIMENTS: readonly string[] = ["use_sibling_sdk_workers"];

/**
 * The options given to the SDK's PortableRunner, which sends each key as
 * `beam:option:<snake_case key>:v1`; Python's Dataflow job service strips that
 * to the option's `dest` name (temp_location, max_num_workers, …) and builds
 * PipelineOptions from it. Unset flags are left out so Dataflow's defaults apply.
 * Numbers go as decimal strings, as Python's PortableRunner sends them
 * (BEAM-5509: a protobuf Struct would make them floats); our job service
 * parses them back with the type Beam declares (dataflow_job_service.py).
 * `noAuth` when nothing is written to Cloud Storage (a local template).
 */
export function dataflowJobOptions(
  flags: DataflowFlags,
  jobName: string,
): Record<string, string | boolean | string[]> {
  const set = DATAFLOW_FLAG_NAMES.flatMap((name) => {
    const value = flags[name];
    return value === undefined ? [] : [[name, typeof value === "number" ? String(value) : value]];
  });
  return {
    ...Object.fromEntries(set),
    jobName,
    experiments: [...DATAFLOW_EXPERIMENTS],
    ...(needsGoogleCloud(flags) ? {} : { noAuth: true }),
  };
}

/** Dataflow's job name rule: lower-case letters, digits and hyphens, starting with a letter. */
export function dataflowJobNameProblem(jobName: string): string | undefined {
  return /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(jobName)
    ? undefined
    : `the Dataflow job name "${jobName}" must be lower-case letters, digits and hyphens, ` +
        `starting with a letter and not ending with a hyphen; pass --job-name`;
}
