import * as assert from "assert";
import "apache-beam";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { Struct } from "apache-beam/proto/google/protobuf/struct";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { dataflowJobOptions } from "../../runners/dataflow/dataflow_options";
import { submitDataflowJob, waitUntilDataflowStarted } from "../../runners/dataflow/dataflow_job";
import { submittedPipeline } from "../../runners/portable/submitted_pipeline";
import { KAFKA_READ_WITH_METADATA_URN } from "../../transforms/io/kafka_xlang/read_kafka_with_metadata";
import { FakeExpansionService, JAVA_ENVIRONMENT_IMAGE } from "../portable/fake_expansion_service";
import { FakeJobService } from "../portable/fake_job_service";
import { writeFlightsVariant } from "../portable/flights_variant";
import * as path from "path";

const SPEC = path.resolve(__dirname, "../../../examples/flights/monitor.yaml");
const IMAGE = "europe-docker.pkg.dev/my-project/images/beam-model-monitor-dataflow:0.1.0";

/**
 * A spec's pipeline as `submit --runner dataflow` builds and submits it, to a fake Job API playing
 * `states`; a Kafka source is expanded by the expansion service at `expansionServiceAddress`.
 */
async function submitFlights(
  states: JobState_Enum[],
  specFile = SPEC,
  expansionServiceAddress?: string,
): Promise<{ service: FakeJobService; jobId: string }> {
  const service = new FakeJobService("dataflow-job-1", states);
  await service.start();
  const pipeline = await submittedPipeline(loadSpec(specFile), {
    runner: "dataflow",
    workerImage: IMAGE,
    expansionService: expansionServiceAddress,
  });
  const options = dataflowJobOptions(
    {
      project: "my-project",
      region: "europe-west1",
      tempLocation: "gs://my-bucket/tmp",
      sdkContainerImage: IMAGE,
      maxNumWorkers: 5,
      serviceAccountEmail: "monitor@my-project.iam.gserviceaccount.com",
      subnetwork: "regions/europe-west1/subnetworks/monitoring",
      // What else commander's options object holds: local and Flink options, never sent to Dataflow.
      ...{ runner: "dataflow", flinkVersion: "1.16", python: "/usr/bin/python3", expansionService: "io.jar" },
    },
    "model-monitor-flight-delay",
  );
  return { service, jobId: await submitDataflowJob(service.endpoint, pipeline, options) };
}

describe("submitting to Beam's Dataflow job service (a fake Job API in its place)", () => {
  let service: FakeJobService | undefined;
  afterEach(() => service?.stop());

  it("sends the flags as the Dataflow options Python's job service reads, and no unset ones", async () => {
    const submitted = await submitFlights([JobState_Enum.RUNNING]);
    service = submitted.service;
    assert.strictEqual(submitted.jobId, "dataflow-job-1");
    const options = Struct.toJson(service.prepared[0].pipelineOptions!) as Record<string, unknown>;
    // Python's PipelineOptions `dest` names (GoogleCloudOptions, WorkerOptions, DebugOptions, StandardOptions).
    assert.strictEqual(options["beam:option:project:v1"], "my-project");
    assert.strictEqual(options["beam:option:region:v1"], "europe-west1");
    assert.strictEqual(options["beam:option:temp_location:v1"], "gs://my-bucket/tmp");
    assert.strictEqual(options["beam:option:sdk_container_image:v1"], IMAGE);
    assert.strictEqual(options["beam:option:max_num_workers:v1"], 5);
    assert.strictEqual(
      options["beam:option:service_account_email:v1"],
      "monitor@my-project.iam.gserviceaccount.com",
    );
    assert.strictEqual(options["beam:option:subnetwork:v1"], "regions/europe-west1/subnetworks/monitoring");
    assert.strictEqual(options["beam:option:job_name:v1"], "model-monitor-flight-delay");
    assert.deepStrictEqual(options["beam:option:experiments:v1"], ["use_sibling_sdk_workers"]);
    // Nothing else: unset flags (machine_type, network) are left to Dataflow's defaults, and `streaming`
    // is absent because PortableRunner adds it only for an unbounded PCollection (the file source is bounded).
    // PortableRunner adds job_endpoint and registered_node_modules (read by the SDK's stock worker; ours
    // imports its modules itself): Python's job service passes them on unused.
    assert.deepStrictEqual(
      Object.keys(options)
        .map((key) => key.slice("beam:option:".length, -":v1".length))
        .sort(),
      [
        "experiments",
        "job_endpoint",
        "job_name",
        "max_num_workers",
        "project",
        "region",
        "registered_node_modules",
        "sdk_container_image",
        "service_account_email",
        "subnetwork",
        "temp_location",
      ],
    );
  });

  it("runs every TypeScript transform in the worker image, with nothing packed or staged beside it", async () => {
    const submitted = await submitFlights([JobState_Enum.RUNNING]);
    service = submitted.service;
    const environments = Object.values(service.prepared[0].pipeline!.components!.environments);
    assert.deepStrictEqual(
      environments.map((environment) => environment.urn),
      ["beam:env:docker:v1"],
    );
    assert.strictEqual(runnerApi.DockerPayload.fromBinary(environments[0].payload).containerImage, IMAGE);
    assert.deepStrictEqual(environments[0].dependencies, []);
    assert.deepStrictEqual(service.staged, []);
  });

  it("a kafka source: KafkaIO's read, expanded, keeps its Java environment; every TypeScript transform runs in the worker image", async () => {
    const expansionService = new FakeExpansionService();
    await expansionService.start();
    try {
      const { specFile } = writeFlightsVariant({
        source: { kind: "kafka", brokers: "kafka:9092", topic: "inference-log", groupId: "monitor" },
      });
      const submitted = await submitFlights([JobState_Enum.RUNNING], specFile, expansionService.address);
      service = submitted.service;
      assert.strictEqual(expansionService.requests.length, 1);
      assert.strictEqual(expansionService.requests[0].transform!.spec!.urn, KAFKA_READ_WITH_METADATA_URN);

      const { transforms, environments } = service.prepared[0].pipeline!.components!;
      const imageOf = (environmentId: string) =>
        runnerApi.DockerPayload.fromBinary(environments[environmentId].payload).containerImage;
      const reads = Object.values(transforms).filter((t) => t.spec?.urn === KAFKA_READ_WITH_METADATA_URN);
      assert.strictEqual(reads.length, 1);
      // Dataflow Runner v2 starts Beam's Java SDK container for the read, as the expansion service chose.
      assert.strictEqual(environments[reads[0].environmentId].urn, "beam:env:docker:v1");
      assert.strictEqual(imageOf(reads[0].environmentId), JAVA_ENVIRONMENT_IMAGE);
      // Its rows go straight into our TypeScript DoFn, in the worker image; no environment is left unset.
      const rowsId = Object.values(reads[0].outputs)[0];
      const consumers = Object.values(transforms).filter((t) => Object.values(t.inputs).includes(rowsId));
      assert.deepStrictEqual(
        consumers.map((t) => [t.spec!.urn, imageOf(t.environmentId)]),
        [["beam:transform:pardo:v1", IMAGE]],
      );
      assert.deepStrictEqual(
        Object.values(environments)
          .map((environment) => runnerApi.DockerPayload.fromBinary(environment.payload).containerImage)
          .sort(),
        [JAVA_ENVIRONMENT_IMAGE, IMAGE].sort(),
      );
      const options = Struct.toJson(service.prepared[0].pipelineOptions!) as Record<string, unknown>;
      assert.strictEqual(options["beam:option:streaming:v1"], true); // KafkaIO's output is unbounded
    } finally {
      expansionService.stop();
    }
  });

  it("returns once the job service reports the job RUNNING, and fails naming the state when it ended instead", async () => {
    const running = await submitFlights([JobState_Enum.STARTING, JobState_Enum.RUNNING]);
    service = running.service;
    await waitUntilDataflowStarted(service.endpoint, running.jobId);
    service.stop();

    const failed = await submitFlights([JobState_Enum.STARTING, JobState_Enum.FAILED]);
    service = failed.service;
    await assert.rejects(waitUntilDataflowStarted(service.endpoint, failed.jobId), {
      name: "JobServiceError",
      message: /the Dataflow job dataflow-job-1 ended FAILED before it ran/,
    });
  });
});
