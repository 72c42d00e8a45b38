import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import "apache-beam";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { submitDataflowJob } from "../../runners/dataflow/dataflow_job";
import { startDataflowJobService } from "../../runners/dataflow/dataflow_job_service";
import { dataflowJobOptions } from "../../runners/dataflow/dataflow_options";
import { followJob } from "../../runners/portable/job_service";
import { submittedPipeline } from "../../runners/portable/submitted_pipeline";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import { writeFlightsVariant } from "../portable/flights_variant";
import { type CliRun, modelMonitorIn } from "../portable/model_monitor_cli";
import { kafkaRecordsClasspath } from "../../runners/portable/kafka_records_classpath";
import { KAFKA_READ_RECORDS_URN } from "../../transforms/io/kafka_xlang/read_kafka_records";
import { DATAFLOW_FLAGS, IMAGE } from "./dataflow_flags";
import { beamPython } from "./installed_for_tests";

const SPEC = path.resolve(__dirname, "../../../examples/flights/monitor.yaml");
/** Importing apache_beam's Dataflow runner, translating and staging takes seconds; the Kafka read's expansion too. */
const TEMPLATE_TIMEOUT_MS = 120_000;

/** The parts of Dataflow's Job resource (v1b3) these tests read, as Beam 2.49's apiclient writes it. */
interface DataflowJob {
  name: string;
  type: string;
  environment: {
    experiments: string[];
    tempStoragePrefix: string;
    sdkPipelineOptions: { options: Record<string, unknown> };
    workerPools: {
      machineType?: string;
      autoscalingSettings: { maxNumWorkers?: unknown };
      packages?: { name: string; location: string }[];
      sdkHarnessContainerImages: {
        containerImage: string;
        environmentId: string;
        useSingleCorePerContainer: boolean;
      }[];
    }[];
  };
}

/**
 * `model-monitor submit <spec> --runner dataflow <flags>` with Beam 2.49.0's Python (the venv
 * of scripts/setup.d/40-python-beam.sh), on a machine without Google credentials (an empty
 * home, no metadata server).
 */
function submitWithoutCredentials(specFile: string, flags: string[]): Promise<CliRun> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "dataflow-home-"));
  return modelMonitorIn({ PATH: process.env.PATH, HOME: home, GCE_METADATA_HOST: "127.0.0.1:1" }, [
    "submit",
    specFile,
    ...DATAFLOW_FLAGS,
    "--python",
    beamPython(),
    ...flags,
  ]);
}

/** Writes the spec's job as a template to <fresh dir>/job.json, staging beside it in job-staging/. */
async function writeTemplate(
  specFile: string,
  flags: string[],
): Promise<{ run: CliRun; templateFile: string; stagingDir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataflow-template-"));
  const templateFile = path.join(dir, "job.json");
  const run = await submitWithoutCredentials(specFile, ["--template-location", templateFile, ...flags]);
  return { run, templateFile, stagingDir: path.join(dir, "job-staging") };
}

const readJob = (templateFile: string): DataflowJob =>
  JSON.parse(fs.readFileSync(templateFile, "utf8")) as DataflowJob;

/** The pipeline proto Beam's DataflowRunner staged (pipelineUrl): what Runner v2 workers execute. */
function stagedPipeline(job: DataflowJob): runnerApi.Pipeline {
  const pipelineUrl = job.environment.sdkPipelineOptions.options.pipelineUrl as string;
  return runnerApi.Pipeline.fromBinary(fs.readFileSync(pipelineUrl));
}

/** The Java feature version of `java` on PATH, which the expansion service runs on and names its SDK image by. */
function javaFeatureVersion(): string {
  const settings = spawnSync("java", ["-XshowSettings:properties", "-version"], { encoding: "utf8" }).stderr;
  return /java\.specification\.version = (\d+)/.exec(settings)![1];
}

describe("submit --runner dataflow --template-location: the Dataflow job Beam 2.49's own DataflowRunner writes (its real Python job service)", function () {
  this.timeout(TEMPLATE_TIMEOUT_MS);

  it("the bundled example: a Runner v2 batch job whose one SDK container is our worker image, the options typed as Dataflow validates them", async () => {
    const { run, templateFile, stagingDir } = await writeTemplate(SPEC, [
      "--max-num-workers",
      "4",
      "--machine-type",
      "n2-standard-4",
    ]);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stdout, `${templateFile}\n`);
    // Nothing looked for credentials: a local template calls no Google API (no_auth).
    assert.doesNotMatch(run.stderr, /GCP credentials|oauth/i);

    const job = readJob(templateFile);
    assert.strictEqual(job.name, "model-monitor-flight-delay");
    assert.strictEqual(job.type, "JOB_TYPE_BATCH");
    const { environment } = job;
    for (const experiment of [
      "use_sibling_sdk_workers",
      "beam_fn_api",
      "use_unified_worker",
      "use_runner_v2",
    ])
      assert.ok(environment.experiments.includes(experiment), `${experiment} in ${environment.experiments}`);
    assert.strictEqual(environment.tempStoragePrefix, "storage.googleapis.com/my-bucket/tmp");
    assert.strictEqual(environment.workerPools.length, 1);
    const pool = environment.workerPools[0];
    // An integer, as Dataflow's API requires: the Job API's Struct made it 4.0 and Beam's stock job service refused it.
    assert.strictEqual(pool.autoscalingSettings.maxNumWorkers, 4);
    assert.strictEqual(pool.machineType, "n2-standard-4");
    assert.deepStrictEqual(
      pool.sdkHarnessContainerImages.map((image) => [image.containerImage, image.useSingleCorePerContainer]),
      [[IMAGE, true]],
    );
    const options = environment.sdkPipelineOptions.options;
    assert.strictEqual(options.max_num_workers, 4);
    assert.strictEqual(options.region, "europe-west1");
    assert.strictEqual(options.project, "my-project");
    assert.strictEqual(options.temp_location, "gs://my-bucket/tmp");
    assert.strictEqual(options.staging_location, stagingDir);
    assert.strictEqual(options.streaming, false);

    // Staged: only the pipeline proto (our TypeScript code is in the image), which runs every transform there.
    assert.deepStrictEqual(fs.readdirSync(stagingDir), ["pipeline.pb"]);
    assert.strictEqual(options.pipelineUrl, path.join(stagingDir, "pipeline.pb"));
    const environments = Object.entries(stagedPipeline(job).components!.environments);
    assert.deepStrictEqual(
      environments.map(([id, env]) => [
        id,
        env.urn,
        runnerApi.DockerPayload.fromBinary(env.payload).containerImage,
      ]),
      [[pool.sdkHarnessContainerImages[0].environmentId, "beam:env:docker:v1", IMAGE]],
    );
  });

  it("a kafka spec: a streaming job with Streaming Engine, our Kafka read (expanded by the expansion service submit starts) in Dataflow's Java SDK container, its jars staged", async () => {
    // Built by Maven in set-up (scripts/setup.d/30): submit's own call then finds it built, with the empty home too.
    const readClasspath = kafkaRecordsClasspath();
    const { specFile } = writeFlightsVariant({
      source: { kind: "kafka", brokers: "kafka:9092", topic: "inference-log", groupId: "monitor" },
    });
    const { run, templateFile, stagingDir } = await writeTemplate(specFile, []);
    assert.strictEqual(run.status, 0, run.stderr);

    const job = readJob(templateFile);
    assert.strictEqual(job.type, "JOB_TYPE_STREAMING");
    for (const experiment of ["enable_streaming_engine", "use_runner_v2", "use_multiple_sdk_containers"])
      assert.ok(
        job.environment.experiments.includes(experiment),
        `${experiment} in ${job.environment.experiments}`,
      );
    const pool = job.environment.workerPools[0];
    // Dataflow replaces Beam's apache/beam_java<N>_sdk image by its own build of it.
    const javaImage = `gcr.io/cloud-dataflow/v1beta3/beam_java${javaFeatureVersion()}_sdk:2.49.0`;
    const containers = Object.fromEntries(
      pool.sdkHarnessContainerImages.map((image) => [image.containerImage, image]),
    );
    assert.deepStrictEqual(Object.keys(containers).sort(), [IMAGE, javaImage].sort());
    // Ours declares no multi-core bundle processing, so Dataflow gives it one core per container.
    assert.strictEqual(containers[IMAGE].useSingleCorePerContainer, true);
    assert.strictEqual(containers[javaImage].useSingleCorePerContainer, false);

    // The staged pipeline: the read's expansion in the Java environment, every other leaf transform in our image.
    const { transforms, environments } = stagedPipeline(job).components!;
    const javaEnvironmentId = containers[javaImage].environmentId;
    assert.strictEqual(environments[javaEnvironmentId].urn, "beam:env:docker:v1");
    // Python's DataflowRunner keeps the read's expansion (not its outer URN), named under the external transform.
    const readPrefix = `readKafkaRecords/External(${KAFKA_READ_RECORDS_URN})/`;
    const leaves = Object.values(transforms).filter(
      (transform) => transform.subtransforms.length === 0 && transform.environmentId !== "",
    );
    assert.deepStrictEqual(
      leaves
        .filter(
          (leaf) => leaf.uniqueName.startsWith(readPrefix) !== (leaf.environmentId === javaEnvironmentId),
        )
        .map((leaf) => leaf.uniqueName),
      [],
    );
    assert.deepStrictEqual(
      [...new Set(leaves.map((leaf) => leaf.environmentId))].sort(),
      [containers[IMAGE].environmentId, javaEnvironmentId].sort(),
    );
    assert.ok(leaves.some((leaf) => leaf.uniqueName.includes("ReadFromKafkaViaSDF")));

    // Every jar of the read's classpath is staged for the Java container, named <jar>-<sha256>.jar.
    const classpathJars = readClasspath.map((jar) => path.basename(jar, ".jar")).sort();
    const stagedJars = (pool.packages ?? []).map((stagedPackage) => {
      assert.strictEqual(stagedPackage.location, path.join(stagingDir, stagedPackage.name));
      assert.ok(fs.existsSync(stagedPackage.location), stagedPackage.location);
      return stagedPackage.name.replace(/-[A-Za-z0-9_-]{43}\.jar$/, "");
    });
    assert.deepStrictEqual(stagedJars.sort(), classpathJars);
  });

  it("a template in Cloud Storage needs credentials: exits 1 without them, before the job service starts", async () => {
    const run = await submitWithoutCredentials(SPEC, [
      "--template-location",
      "gs://my-bucket/templates/monitor.json",
    ]);
    assert.strictEqual(run.status, 1, run.stderr);
    assert.match(run.stderr, /no GCP credentials: GOOGLE_APPLICATION_CREDENTIALS is not set/);
    assert.doesNotMatch(run.stderr, /Dataflow job service/);
  });

  it("an integer option that is not a whole number fails the job naming the option, as Python's command line would", async () => {
    const jobService = await startDataflowJobService(beamPython());
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataflow-template-"));
      const flags = {
        project: "my-project",
        region: "europe-west1",
        tempLocation: "gs://my-bucket/tmp",
        sdkContainerImage: IMAGE,
        templateLocation: path.join(dir, "job.json"),
        stagingLocation: dir,
      };
      const pipeline = await submittedPipeline(loadSpec(SPEC), { runner: "dataflow", workerImage: IMAGE });
      const options = { ...dataflowJobOptions(flags, "model-monitor-flight-delay"), maxNumWorkers: "4.5" };
      const jobId = await submitDataflowJob(jobService.endpoint, pipeline, options);
      const messages: string[] = [];
      const state = await followJob(jobService.endpoint, jobId, {
        onState: () => undefined,
        onMessage: (message) => messages.push(message.messageText),
      });
      assert.strictEqual(state, JobState_Enum.FAILED);
      assert.ok(
        messages.some((text) =>
          text.includes("ValueError: pipeline option max_num_workers must be int, got '4.5'"),
        ),
        messages.join("\n"),
      );
      assert.ok(!fs.existsSync(flags.templateLocation));
    } finally {
      await jobService.stop();
    }
  });
});
