import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { type CliRun, modelMonitorIn } from "../portable/model_monitor_cli";
import { DATAFLOW_FLAGS } from "./dataflow_flags";
import { beamPython } from "./installed_for_tests";

const SPEC = path.resolve(__dirname, "../../../examples/flights/monitor.yaml");
interface Machine {
  /** The only directory on PATH. */
  bin: string;
  home: string;
  /** Each invocation of the fake python3 appends its arguments here. */
  pythonCalls: string;
}

/** A machine with nothing on PATH and an empty home (no gcloud credentials). */
function bareMachine(): Machine {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dataflow-cli-"));
  const machine = {
    bin: path.join(root, "bin"),
    home: path.join(root, "home"),
    pythonCalls: path.join(root, "calls"),
  };
  fs.mkdirSync(machine.bin);
  fs.mkdirSync(machine.home);
  return machine;
}

/**
 * Puts a fake python3 on the machine's PATH: `-c <check>` prints `checkOutput`
 * (what our check script prints: apache_beam's version, then "gcp" or
 * "no-gcp: …"); `-m <module>` (starting the job service) fails like a broken install.
 */
function withFakePython(machine: Machine, checkOutput: string): Machine {
  const script = [
    "#!/bin/sh",
    `if [ "$1" = "-c" ]; then echo "-c <check script>" >> '${machine.pythonCalls}'; printf '${checkOutput}\\n'; exit 0; fi`,
    `echo "$*" >> '${machine.pythonCalls}'`,
    "echo 'ImportError: cannot import name dataflow_runner' >&2",
    "exit 1",
  ].join("\n");
  fs.writeFileSync(path.join(machine.bin, "python3"), script, { mode: 0o755 });
  return machine;
}

function withCredentialsFile(machine: Machine): Machine {
  const gcloud = path.join(machine.home, ".config", "gcloud");
  fs.mkdirSync(gcloud, { recursive: true });
  fs.writeFileSync(path.join(gcloud, "application_default_credentials.json"), '{"type": "authorized_user"}');
  return machine;
}

function submit(
  machine: Machine,
  args: string[],
  env: Record<string, string> = {},
  specFile = SPEC,
): Promise<CliRun> {
  // 127.0.0.1:1 refuses at once: no Google metadata server, as off Google Cloud.
  const machineEnv = { PATH: machine.bin, HOME: machine.home, GCE_METADATA_HOST: "127.0.0.1:1", ...env };
  return modelMonitorIn(machineEnv, ["submit", specFile, ...args]);
}

const pythonCalls = (machine: Machine): string[] =>
  fs.existsSync(machine.pythonCalls) ? fs.readFileSync(machine.pythonCalls, "utf8").trim().split("\n") : [];

describe("model-monitor submit --runner dataflow: checks before anything starts", () => {
  it("exits 2 naming every missing required option, without running Python", async () => {
    const machine = withFakePython(bareMachine(), "2.49.0\\ngcp");
    const run = await submit(machine, ["--runner", "dataflow", "--project", "my-project"]);
    assert.strictEqual(run.status, 2, run.stderr);
    assert.match(run.stderr, /--runner dataflow needs --region, --temp-location, --sdk-container-image/);
    assert.deepStrictEqual(pythonCalls(machine), []);
  });

  it("exits 2 on a temp location outside Cloud Storage and on Flink-only options", async () => {
    const machine = withFakePython(bareMachine(), "2.49.0\\ngcp");
    const flags = DATAFLOW_FLAGS.map((flag) => (flag === "gs://my-bucket/tmp" ? "/tmp/beam" : flag));
    const run = await submit(machine, [
      ...flags,
      "--worker-pool",
      "localhost:50000",
      "--checkpointing-interval",
      "5000",
    ]);
    assert.strictEqual(run.status, 2, run.stderr);
    assert.match(
      run.stderr,
      /--worker-pool is for --runner flink; --checkpointing-interval is for --runner flink/,
    );
    assert.match(
      run.stderr,
      /--temp-location must be a Cloud Storage path gs:\/\/bucket\/path, got "\/tmp\/beam"/,
    );
    assert.deepStrictEqual(pythonCalls(machine), []);
  });

  it("exits 1 when there is no Python on PATH, saying what to install", async () => {
    const run = await submit(bareMachine(), DATAFLOW_FLAGS);
    assert.strictEqual(run.status, 1, run.stderr);
    assert.match(run.stderr, /no Python on PATH \(looked for python3 and python\)/);
    assert.match(run.stderr, /apache-beam\[gcp\]==2\.49\.0/);
  });

  it("exits 1 when Python has no apache_beam, with the pip command (a fake python3: an install the real venv is not)", async () => {
    const machine = withFakePython(bareMachine(), "no-apache-beam");
    const run = await submit(machine, DATAFLOW_FLAGS);
    assert.strictEqual(run.status, 1, run.stderr);
    assert.match(run.stderr, /python3 has no apache_beam/);
    assert.match(run.stderr, /`python3 -m pip install 'apache-beam\[gcp\]==2\.49\.0'`/);
    assert.deepStrictEqual(pythonCalls(machine), ["-c <check script>"]); // no job service was started
  });

  it("exits 1 when Python's apache_beam is another version than the TypeScript SDK's (a fake python3 claiming 2.50.0)", async () => {
    const run = await submit(withFakePython(bareMachine(), "2.50.0\\ngcp"), DATAFLOW_FLAGS);
    assert.strictEqual(run.status, 1, run.stderr);
    assert.match(run.stderr, /python3 has apache_beam 2\.50\.0, but this TypeScript SDK is Beam 2\.49\.0/);
  });

  it("exits 1 when apache_beam lacks the GCP extra (a fake python3 without it)", async () => {
    const run = await submit(
      withFakePython(bareMachine(), "2.49.0\\nno-gcp: No module named apitools"),
      DATAFLOW_FLAGS,
    );
    assert.strictEqual(run.status, 1, run.stderr);
    assert.match(run.stderr, /apache_beam lacks the GCP extra \(no-gcp: No module named apitools\)/);
  });

  it("exits 1 when GOOGLE_APPLICATION_CREDENTIALS names a missing file, after checking the real Beam Python, before its job service", async () => {
    const machine = withCredentialsFile(bareMachine());
    const run = await submit(machine, [...DATAFLOW_FLAGS, "--python", beamPython()], {
      GOOGLE_APPLICATION_CREDENTIALS: "/nonexistent/key.json",
    });
    assert.strictEqual(run.status, 1, run.stderr);
    assert.match(
      run.stderr,
      /GOOGLE_APPLICATION_CREDENTIALS is \/nonexistent\/key\.json, which does not exist/,
    );
    assert.doesNotMatch(run.stderr, /Dataflow job service/);
  });

  it("exits 1 without any GCP credentials (no key file, no gcloud login, no metadata server), after checking the real Beam Python", async () => {
    const machine = bareMachine();
    const run = await submit(machine, [...DATAFLOW_FLAGS, "--python", beamPython()]);
    assert.strictEqual(run.status, 1, run.stderr);
    const adcFile = path.join(machine.home, ".config/gcloud/application_default_credentials.json");
    assert.ok(
      run.stderr.includes(`no GCP credentials: GOOGLE_APPLICATION_CREDENTIALS is not set, ${adcFile}`),
    );
    assert.match(run.stderr, /gcloud auth application-default login/);
    assert.doesNotMatch(run.stderr, /Dataflow job service/);
  });

  it("takes a Google metadata server's answer as credentials (a fake python3 whose job service fails: a real one would call Google)", async () => {
    const metadataServer = http.createServer((_request, response) =>
      response.writeHead(200, { "Metadata-Flavor": "Google" }).end(),
    );
    const port = await new Promise<number>((resolve) =>
      metadataServer.listen(0, "127.0.0.1", () =>
        resolve((metadataServer.address() as { port: number }).port),
      ),
    );
    try {
      const machine = withFakePython(bareMachine(), "2.49.0\\ngcp");
      const run = await submit(machine, DATAFLOW_FLAGS, { GCE_METADATA_HOST: `127.0.0.1:${port}` });
      assert.strictEqual(run.status, 1, run.stderr);
      assert.doesNotMatch(run.stderr, /GCP credentials/);
      assert.match(run.stderr, /Beam's Dataflow job service .* did not start/); // the step after the checks
    } finally {
      metadataServer.close();
    }
  });

  it("explains a job service that does not start, started with the checked Python (a fake python3: the real one starts)", async () => {
    const machine = withFakePython(withCredentialsFile(bareMachine()), "2.49.0\\ngcp");
    const run = await submit(machine, DATAFLOW_FLAGS);
    assert.strictEqual(run.status, 1, run.stderr);
    assert.match(
      run.stderr,
      /Beam's Dataflow job service \(python3 \S+\/runners\/dataflow\/dataflow_job_service\.py\) did not start/,
    );
    assert.match(pythonCalls(machine)[1], /^-u \S+\/runners\/dataflow\/dataflow_job_service\.py --port \d+$/);
  });
});
