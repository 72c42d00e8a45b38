import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import "apache-beam";
import { InstructionRequest, InstructionResponse, LogEntry_List } from "apache-beam/proto/beam_fn_api";
import { beamFnControlDefinition, beamFnLoggingDefinition } from "apache-beam/proto/beam_fn_api.grpc-server";
import { GetProvisionInfoResponse, ProvisionInfo } from "apache-beam/proto/beam_provision_api";
import { provisionServiceDefinition } from "apache-beam/proto/beam_provision_api.grpc-server";

const BOOT = path.resolve(__dirname, "../../cli/dataflow_worker.js");

async function listen(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync("localhost:0", grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
}

/**
 * A fake Dataflow worker: a provision service naming the control and logging
 * endpoints and the sibling harnesses; a control service that sends every
 * harness that connects one instruction the TypeScript harness does not
 * handle (`register`) and records its answer by worker id; a logging service
 * that records the log lines it receives.
 */
async function fakeRunner(siblingWorkerIds: string[]) {
  const provisionRequests: string[] = [];
  const answers = new Map<string, InstructionResponse>();
  const logLines: string[] = [];
  const logging = new grpc.Server();
  logging.addService(beamFnLoggingDefinition, {
    logging: (call: grpc.ServerDuplexStream<LogEntry_List, unknown>) =>
      call.on("data", (list: LogEntry_List) =>
        logLines.push(...list.logEntries.map((entry) => entry.message)),
      ),
  } as grpc.UntypedServiceImplementation);
  const loggingPort = await listen(logging);
  const control = new grpc.Server();
  control.addService(beamFnControlDefinition, {
    control: (call: grpc.ServerDuplexStream<InstructionResponse, InstructionRequest>) => {
      const workerId = String(call.metadata.get("worker_id")[0]);
      call.on("data", (response: InstructionResponse) => answers.set(workerId, response));
      call.write({
        instructionId: `instruction-for-${workerId}`,
        request: { oneofKind: "register", register: { processBundleDescriptor: [] } },
      });
    },
  } as grpc.UntypedServiceImplementation);
  const controlPort = await listen(control);
  const provision = new grpc.Server();
  provision.addService(provisionServiceDefinition, {
    getProvisionInfo: (
      call: grpc.ServerUnaryCall<unknown, GetProvisionInfoResponse>,
      callback: grpc.sendUnaryData<GetProvisionInfoResponse>,
    ) => {
      provisionRequests.push(String(call.metadata.get("worker_id")[0]));
      callback(null, {
        info: ProvisionInfo.create({
          controlEndpoint: { url: `localhost:${controlPort}` },
          loggingEndpoint: { url: `localhost:${loggingPort}` },
          siblingWorkerIds,
        }),
      });
    },
  });
  const provisionPort = await listen(provision);
  return {
    provisionEndpoint: `localhost:${provisionPort}`,
    provisionRequests,
    answers,
    logLines,
    stop: () => [control, provision, logging].forEach((server) => server.forceShutdown()),
  };
}

/** Resolves once `condition` holds; fails (instead of spinning on) when it has not within 10 s. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(condition(), `never saw ${what}`);
}

function boot(args: string[]): { child: ChildProcess; stderr: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BOOT, ...args]);
  const stderr: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  return { child, stderr, exited: new Promise((resolve) => child.on("exit", resolve)) };
}

describe("the Dataflow worker container's boot (Beam's SDK container contract)", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((stop) => stop()));

  it("asks the provision service, starts a connected harness for its id and each sibling id, and forwards its log", async () => {
    const runner = await fakeRunner(["sdk-0-1"]);
    cleanup.push(runner.stop);
    const booted = boot([
      "--id=sdk-0-0",
      `--provision_endpoint=${runner.provisionEndpoint}`,
      "--logging_endpoint=",
      "--semi_persist_dir=/tmp",
    ]);
    cleanup.push(() => booted.child.kill());
    await eventually(() => runner.answers.size === 2, "two harnesses answering");

    assert.deepStrictEqual(runner.provisionRequests, ["sdk-0-0"]);
    assert.deepStrictEqual([...runner.answers.keys()].sort(), ["sdk-0-0", "sdk-0-1"]);
    for (const [workerId, answer] of runner.answers) {
      assert.strictEqual(answer.instructionId, `instruction-for-${workerId}`);
      assert.match(answer.error, /^Unknown instruction type: register/);
    }
    await eventually(() => runner.logLines.some((line) => line.includes("started")), "the boot's log line");
    assert.ok(
      runner.logLines.includes("model-monitor: SDK harnesses sdk-0-0, sdk-0-1 started\n"),
      runner.logLines.join(""),
    );
  });

  it("exits 1 naming the contract's flags when started without them", async () => {
    const booted = boot(["--semi_persist_dir=/tmp"]);
    assert.strictEqual(await booted.exited, 1);
    assert.match(booted.stderr.join(""), /the container needs --id and --provision_endpoint/);
  });
});
