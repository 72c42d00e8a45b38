import * as assert from "assert";
import "apache-beam";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { Struct } from "apache-beam/proto/google/protobuf/struct";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { dataflowJobOptions } from "../../runners/dataflow/dataflow_options";
import { submitDataflowJob, waitUntilDataflowStarted } from "../../runners/dataflow/dataflow_job";
import { submittedPipeline } from "../../runners/portable/submitted_pipeline";
import { startRealExpansionService } from "../support/java_kafka_records";
import { kafkaReadId } from "../portable/replace_kafka_read";
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

  it("a kafka source: our read, expanded for Dataflow, keeps its Java environment; every TypeScript transform runs in the worker image", async function () {
    this.timeout(120_000); // a JVM to start
    const expansionService = await startRealExpansionService("dataflow");
    try {
      const { specFile } = writeFlightsVariant({
        source: { kind: "kafka", brokers: "kafka:9092", topic: "inference-log", groupId: "monitor" },
      });
      const submitted = await submitFlights([JobState_Enum.RUNNING], specFile, expansionService.address);
      service = submitted.service;
      const pipeline = service.prepared[0].pipeline!;
      const { transforms, environments, pcollections, coders } = pipeline.components!;
      const imageOf = (environmentId: string) =>
        runnerApi.DockerPayload.fromBinary(environments[environmentId].payload).containerImage;
      const readId = kafkaReadId(pipeline);
      const inside = (id: string): string[] => [id, ...transforms[id].subtransforms.flatMap(inside)];
      const javaSteps = inside(readId)
        .map((id) => transforms[id])
        .filter((t) => t.subtransforms.length === 0);
      // Runner v2 runs KafkaIO's splittable-DoFn read (no primitive Read) in Beam's Java SDK container,
      // the image of the expansion service's Java version, fetching the staged jars (ours and its classpath).
      assert.ok(javaSteps.every((t) => t.spec!.urn !== "beam:transform:read:v1"));
      const javaEnvironments = new Set(javaSteps.map((t) => t.environmentId).filter((id) => id !== ""));
      assert.strictEqual(javaEnvironments.size, 1);
      const [java] = javaEnvironments;
      assert.strictEqual(environments[java].urn, "beam:env:docker:v1");
      assert.match(imageOf(java), /^apache\/beam_java\d+_sdk:2\.49\.0$/);
      assert.ok(environments[java].dependencies.length > 1);
      // Its bytes go straight into our TypeScript DoFn, in the worker image; no environment is left unset.
      const bytesId = Object.values(transforms[readId].outputs)[0];
      assert.strictEqual(coders[pcollections[bytesId].coderId].spec!.urn, "beam:coder:bytes:v1");
      const consumers = Object.values(transforms).filter((t) => Object.values(t.inputs).includes(bytesId));
      assert.deepStrictEqual(
        consumers.map((t) => [t.spec!.urn, imageOf(t.environmentId)]),
        [["beam:transform:pardo:v1", IMAGE]],
      );
      assert.deepStrictEqual(Object.keys(environments).map(imageOf).sort(), [imageOf(java), IMAGE].sort());
      const options = Struct.toJson(service.prepared[0].pipelineOptions!) as Record<string, unknown>;
      assert.strictEqual(options["beam:option:streaming:v1"], true); // KafkaIO's output is unbounded
    } finally {
      await expansionService.stop();
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
