import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import "apache-beam";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { monitorPipeline } from "../../pipelines/monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { pipelineProto } from "../../runners/portable/pipeline_proto";
import { submittedPipeline } from "../../runners/portable/submitted_pipeline";
import { InstructionRequest, InstructionResponse } from "apache-beam/proto/beam_fn_api";
import { BeamFnExternalWorkerPoolClient } from "apache-beam/proto/beam_fn_api.grpc-client";
import { beamFnControlDefinition } from "apache-beam/proto/beam_fn_api.grpc-server";
import { CLI } from "../baseline/baseline_cli";
import { startRealExpansionService } from "../support/java_kafka_records";
import { writeFlightsVariant } from "./flights_variant";

const SPEC = path.resolve(__dirname, "../../../examples/flights/monitor.yaml");
const DESERIALIZE = path.resolve(__dirname, "deserialize_pipeline_fns.js");

/** Starts `model-monitor worker-pool --port 0` and resolves to its port, read from the line it prints. */
function startWorkerPoolProcess(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [CLI, "worker-pool", "--port", "0"]);
  const stderr: string[] = [];
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      stderr.push(chunk.toString());
      const listening = /worker pool listening on port (\d+)/.exec(stderr.join(""));
      if (listening) resolve({ child, port: Number(listening[1]) });
    });
    child.on("exit", (code) => reject(new Error(`worker-pool exited ${code}: ${stderr.join("")}`)));
  });
}

interface ControlConnection {
  workerId: string;
  firstResponse: InstructionResponse;
}

/**
 * A fake runner's FnControl service: when a harness connects it records the
 * worker id, sends it one instruction the TypeScript harness does not handle
 * (`register`), and resolves with the harness's answer to it.
 */
async function fakeControlServer(): Promise<{
  server: grpc.Server;
  port: number;
  connected: Promise<ControlConnection>;
}> {
  const server = new grpc.Server();
  const connected = new Promise<ControlConnection>((resolve) => {
    server.addService(beamFnControlDefinition, {
      control: (call: grpc.ServerDuplexStream<InstructionResponse, InstructionRequest>) => {
        const workerId = String(call.metadata.get("worker_id")[0]);
        call.on("data", (response: InstructionResponse) => resolve({ workerId, firstResponse: response }));
        call.write({
          instructionId: "instruction-1",
          request: { oneofKind: "register", register: { processBundleDescriptor: [] } },
        });
      },
    } as grpc.UntypedServiceImplementation);
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("localhost:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { server, port, connected };
}

describe("model-monitor worker-pool", function () {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((stop) => stop()));

  it("starts an SDK harness on StartWorker that connects to the runner's control endpoint and answers it", async () => {
    const pool = await startWorkerPoolProcess();
    cleanup.push(() => pool.child.kill());
    const control = await fakeControlServer();
    cleanup.push(() => control.server.forceShutdown());

    const client = new BeamFnExternalWorkerPoolClient(
      `localhost:${pool.port}`,
      grpc.credentials.createInsecure(),
    );
    cleanup.push(() => client.close());
    const started = await new Promise<{ error: string }>((resolve, reject) =>
      client.startWorker(
        { workerId: "worker-1", controlEndpoint: { url: `localhost:${control.port}` }, params: {} },
        (error, response) => (error ? reject(error) : resolve(response!)),
      ),
    );
    assert.strictEqual(started.error, "");

    const connection = await control.connected;
    assert.strictEqual(connection.workerId, "worker-1");
    assert.strictEqual(connection.firstResponse.instructionId, "instruction-1");
    assert.match(connection.firstResponse.error, /^Unknown instruction type: register/);
  });

  describe("deserializes every DoFn and CombineFn of the submitted flights pipeline in a fresh process", () => {
    const deserializeIn = (
      loaded: "worker-pool" | "sdk-only",
      built: Promise<runnerApi.Pipeline> = pipelineProto(monitorPipeline(loadSpec(SPEC))),
    ) => {
      const protoFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-")), "pipeline.bin");
      return built.then((pipeline) => {
        fs.writeFileSync(protoFile, runnerApi.Pipeline.toBinary(pipeline));
        return spawnSync(process.execPath, [DESERIALIZE, loaded, protoFile], { encoding: "utf8" });
      });
    };

    it("all 22 (19 DoFns, 3 CombineFns) after loading the worker-pool module", async () => {
      const run = await deserializeIn("worker-pool");
      assert.strictEqual(run.status, 0, run.stderr);
      assert.strictEqual(run.stdout.trim(), "22");
    });

    it("and of the submitted kafka variant, expanded by our real expansion service: 18", async function () {
      this.timeout(120_000); // a JVM to start (and, the first time, java/kafka-records to build)
      const expansionService = await startRealExpansionService("flink");
      try {
        const { specFile } = writeFlightsVariant({
          source: { kind: "kafka", brokers: "kafka:9092", topic: "inference-log", groupId: "g" },
        });
        const built = submittedPipeline(loadSpec(specFile), {
          runner: "flink",
          specFile,
          workerPoolAddress: "localhost:50000",
          expansionService: expansionService.address,
        });
        const run = await deserializeIn("worker-pool", built);
        assert.strictEqual(run.status, 0, run.stderr);
        // The file pipeline's 22, less the file source's 2 DoFns (readSource, sourceElement) and the
        // 3 combining DoFns lifting replaces, plus rawEvent (record bytes → event). Java's are not ours.
        assert.strictEqual(run.stdout.trim(), "18");
      } finally {
        await expansionService.stop();
      }
    });

    it("not with the apache-beam index alone: our modules must be registered (control)", async () => {
      const run = await deserializeIn("sdk-only");
      assert.strictEqual(run.status, 1);
      assert.match(run.stderr, /Cannot deserialize unknown builtin 'beam-model-monitor\//);
    });
  });
});
