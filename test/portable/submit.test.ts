import { spawnSync } from "child_process";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import "apache-beam";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { Struct } from "apache-beam/proto/google/protobuf/struct";
import { FakeJobService } from "./fake_job_service";
import { modelMonitor, modelMonitorIn } from "./model_monitor_cli";

const SPEC = path.resolve(__dirname, "../../../examples/flights/monitor.yaml");

describe("model-monitor submit --runner flink against a fake Beam Job API", function () {
  let service: FakeJobService;
  afterEach(() => service?.stop());

  it("submits the pipeline with an EXTERNAL environment, options and the staged spec, and prints the job id", async () => {
    service = new FakeJobService("job-42", [JobState_Enum.RUNNING]);
    await service.start();
    const run = await modelMonitor(
      "submit",
      SPEC,
      "--job-endpoint",
      service.endpoint,
      "--worker-pool",
      "flink-tm:50000",
      "--parallelism",
      "4",
    );
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stdout, "job-42\n");
    assert.strictEqual(service.prepared.length, 1);
    assert.deepStrictEqual(service.runPreparationIds, ["preparation-1"]);

    const request = service.prepared[0];
    assert.strictEqual(request.jobName, "model-monitor-flight-delay"); // model: flight-delay in the spec
    const options = Struct.toJson(request.pipelineOptions!) as Record<string, unknown>;
    assert.strictEqual(options["beam:option:parallelism:v1"], 4);
    assert.strictEqual(options["beam:option:environment_type:v1"], "EXTERNAL");
    assert.strictEqual(options["beam:option:environment_config:v1"], "flink-tm:50000");
    assert.strictEqual(options["beam:option:streaming:v1"], false); // a file source is bounded

    const environments = Object.values(request.pipeline!.components!.environments);
    assert.deepStrictEqual(
      environments.map((e) => e.urn),
      ["beam:env:external:v1"],
    );
    assert.strictEqual(
      runnerApi.ExternalPayload.fromBinary(environments[0].payload).endpoint!.url,
      "flink-tm:50000",
    );

    const transforms = Object.values(request.pipeline!.components!.transforms);
    const urns = new Set(transforms.map((t) => t.spec?.urn));
    for (const urn of [
      "beam:transform:impulse:v1",
      "beam:transform:group_by_key:v1",
      "beam:transform:combine_per_key:v1",
    ])
      assert.ok(urns.has(urn), `no ${urn} in the submitted pipeline`);
    const combine = transforms.find((t) => t.spec?.urn === "beam:transform:combine_per_key:v1")!;
    const payload = runnerApi.CombinePayload.fromBinary(combine.spec!.payload);
    assert.ok(payload.accumulatorCoderId in request.pipeline!.components!.coders);
    assert.ok(combine.subtransforms.length > 0, "combine_per_key keeps its GroupByKey expansion");

    assert.strictEqual(service.staged.length, 1);
    assert.deepStrictEqual(service.staged[0].bytes, fs.readFileSync(SPEC));
    const role = runnerApi.ArtifactStagingToRolePayload.fromBinary(service.staged[0].artifact.rolePayload);
    assert.strictEqual(role.stagedName, "model-monitor-spec.yaml");
  });

  it("sends no checkpointing interval for a bounded job (Flink's batch mode), and says a given one is ignored", async () => {
    service = new FakeJobService("job-43", [JobState_Enum.RUNNING]);
    await service.start();
    const run = await modelMonitor(
      "submit",
      SPEC,
      "--job-endpoint",
      service.endpoint,
      "--worker-pool",
      "flink-tm:50000",
      "--checkpointing-interval",
      "5000",
    );
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stderr, /--checkpointing-interval ignored: a bounded job runs in Flink's batch mode/);
    const options = Struct.toJson(service.prepared[0].pipelineOptions!) as Record<string, unknown>;
    assert.strictEqual(options["beam:option:streaming:v1"], false);
    assert.strictEqual(options["beam:option:checkpointing_interval:v1"], undefined);
    assert.strictEqual(options["beam:option:finish_bundle_before_checkpointing:v1"], undefined);
  });

  it("without --worker-pool serves LOOPBACK workers from its own process and stays until the job ends", async () => {
    service = new FakeJobService("job-8", [JobState_Enum.RUNNING, JobState_Enum.DONE]);
    await service.start();
    const run = await modelMonitor("submit", SPEC, "--job-endpoint", service.endpoint);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stderr, /job job-8 is DONE/); // LOOPBACK follows the job without --follow
    const request = service.prepared[0];
    const options = Struct.toJson(request.pipelineOptions!) as Record<string, unknown>;
    assert.strictEqual(options["beam:option:environment_type:v1"], "LOOPBACK");
    const environment = Object.values(request.pipeline!.components!.environments)[0];
    assert.strictEqual(environment.urn, "beam:env:external:v1");
    const workerPoolUrl = runnerApi.ExternalPayload.fromBinary(environment.payload).endpoint!.url;
    assert.match(workerPoolUrl, /^localhost:\d+$/);
    assert.strictEqual(options["beam:option:environment_config:v1"], workerPoolUrl);
  });

  it("with --follow prints each state and message and exits 0 when the job ends DONE", async () => {
    service = new FakeJobService(
      "job-7",
      [JobState_Enum.STARTING, JobState_Enum.RUNNING, JobState_Enum.DONE],
      ["task manager 1 started"],
    );
    await service.start();
    const run = await modelMonitor(
      "submit",
      SPEC,
      "--job-endpoint",
      service.endpoint,
      "--worker-pool",
      "tm:50000",
      "--follow",
    );
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stdout, "job-7\n");
    const lines = [
      "job job-7 is STARTING",
      "job job-7 is RUNNING",
      "job job-7: task manager 1 started",
      "job job-7 is DONE",
    ];
    for (const line of lines) assert.ok(run.stderr.includes(line), `missing "${line}" in ${run.stderr}`);
  });

  it("job-status --follow exits 1 with the final state when the job fails", async () => {
    service = new FakeJobService("job-9", [JobState_Enum.RUNNING, JobState_Enum.FAILED]);
    await service.start();
    const run = await modelMonitor("job-status", "job-9", "--job-endpoint", service.endpoint, "--follow");
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /job job-9 ended FAILED/);
  });

  it("job-status --follow calls a job cancelled in Flink (reported FAILED by the job server) cancelled, exit 1", async () => {
    // A job cancelled in Flink ends its execution with Flink's JobCancellationException ("Job was
    // cancelled."), which the job server relays as a message before FAILED (JobInvocation's onFailure,
    // read from its bytecode); not yet observed end to end here.
    const relayed =
      "org.apache.flink.runtime.client.JobCancellationException: Job was cancelled.\n\tat org.apache.flink…";
    service = new FakeJobService("job-10", [JobState_Enum.RUNNING, JobState_Enum.FAILED], [relayed]);
    await service.start();
    const run = await modelMonitor("job-status", "job-10", "--job-endpoint", service.endpoint, "--follow");
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /job job-10 was cancelled in Flink \(its REST API or UI\)/);
    assert.doesNotMatch(run.stderr, /ended FAILED/);
  });

  it("job-status prints the current state", async () => {
    service = new FakeJobService("job-9", [JobState_Enum.RUNNING]);
    await service.start();
    const run = await modelMonitor("job-status", "job-9", "--job-endpoint", service.endpoint);
    assert.strictEqual(run.stdout, "RUNNING\n");
  });

  it("exits 2 naming each Dataflow-only option given with --runner flink, before contacting anything", async () => {
    const run = await modelMonitor(
      "submit",
      SPEC,
      "--job-endpoint",
      "localhost:1",
      "--project",
      "my-project",
      "--temp-location",
      "gs://b/tmp",
    );
    assert.strictEqual(run.status, 2, run.stderr);
    assert.match(run.stderr, /--project is for --runner dataflow; --temp-location is for --runner dataflow/);
    assert.doesNotMatch(run.stderr, /no Beam job server answered/);
  });

  it("exits 2 with a usage error when neither --job-endpoint nor --flink-master is given", async () => {
    const run = await modelMonitor("submit", SPEC, "--worker-pool", "tm:50000");
    assert.strictEqual(run.status, 2);
    assert.match(run.stderr, /give exactly one of --job-endpoint host:port and --flink-master host:port/);
  });

  it("a kafka source without --expansion-service and no Java on the machine: exit 1 saying what to install, before contacting anything", async () => {
    const spec = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "submit-")), "monitor.yaml");
    fs.writeFileSync(
      spec,
      [
        "model: m",
        "features: [{ name: x, type: numerical, path: 0 }]",
        "input: { format: kserve }",
        "source: { kind: kafka, brokers: localhost:9092, topic: t, groupId: g }",
        "window: { size: 60s }",
      ].join("\n"),
    );
    // A PATH with what java/kafka-records/build.sh runs besides java and mvn.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "no-java-"));
    for (const tool of ["bash", "dirname", "find", "cat", "rm"])
      fs.symlinkSync(spawnSync("which", [tool], { encoding: "utf8" }).stdout.trim(), path.join(bin, tool));
    const run = await modelMonitorIn({ ...process.env, PATH: bin }, [
      "submit",
      spec,
      "--job-endpoint",
      "localhost:1",
      "--worker-pool",
      "tm:50000",
    ]);
    assert.strictEqual(run.status, 1, run.stderr);
    assert.match(run.stderr, /install Java 11\+/);
    assert.doesNotMatch(run.stderr, /job server/); // it stopped before submitting
  });

  it("fails with what to do when no job server listens at the endpoint", async () => {
    const run = await modelMonitor(
      "submit",
      SPEC,
      "--job-endpoint",
      "localhost:1",
      "--worker-pool",
      "tm:50000",
    );
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /no Beam job server answered at localhost:1 \(Prepare: UNAVAILABLE/);
    assert.match(run.stderr, /--job-endpoint host:port/);
  });

  it("fails with the jar to download and where to put it when --flink-master has no job server jar", async () => {
    const run = await modelMonitor(
      "submit",
      SPEC,
      "--flink-master",
      "localhost:8081",
      "--job-server-jar",
      "/nonexistent/js.jar",
      "--worker-pool",
      "tm:50000",
    );
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /job server jar \/nonexistent\/js\.jar does not exist/);
    assert.match(
      run.stderr,
      /repo\.maven\.apache\.org\/maven2\/org\/apache\/beam\/beam-runners-flink-1\.16-job-server\/2\.49\.0\//,
    );
  });
});
