import * as assert from "assert";
import { type ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLI, FLIGHTS_SPEC } from "../baseline/baseline_cli";
import { freeLoopbackPort } from "../../runners/portable/free_loopback_port";
import { flinkJobServer } from "../support/flink_job_server";
import { RECORDED_LOG, writeFlightsVariant } from "../portable/flights_variant";
import { modelMonitorIn } from "../portable/model_monitor_cli";
import { assertSameResultsAsDirect } from "./same_results";

/** One run of the example on the local Flink takes 5-20 s on 2 busy cores; past this it is stuck. */
const FLINK_RUN_TIMEOUT_MS = 120_000;
const DIRECT_RUN_TIMEOUT_MS = 60_000;

const temporaryDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

function assertRanOk(run: { status: number | null; stderr: string }, what: string): void {
  assert.strictEqual(run.status, 0, `${what} failed:\n${run.stderr}`);
}

/**
 * Flink runs a file source in batch mode: it fires each window once, after
 * all its input, with Beam's pane for a batch firing (timing UNKNOWN, index
 * 0, last), so the latest pane of every windowed result is its only one.
 */
function assertOneBatchPanePerResult(flinkDir: string, latest: Map<string, { pane: unknown }>): void {
  for (const [key, record] of latest)
    assert.deepStrictEqual(record.pane, { timing: "UNKNOWN", index: 0, final: true }, key);
  const lines = ["statistics", "drift", "alert"].map(
    (kind) =>
      fs
        .readFileSync(path.join(flinkDir, `${kind}.jsonl`), "utf8")
        .trimEnd()
        .split("\n").length,
  );
  assert.strictEqual(
    lines.reduce((a, b) => a + b, 0),
    latest.size,
    "one pane per windowed result",
  );
}

/** Resolves once `model-monitor worker-pool` says it listens; rejects if it exits first or takes over 30 s. */
function listening(workerPool: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const said: Buffer[] = [];
    const timer = setTimeout(
      () => reject(new Error(`the worker pool did not listen within 30 s: ${said}`)),
      30_000,
    );
    workerPool.stderr!.on("data", (chunk: Buffer) => {
      said.push(chunk);
      if (Buffer.concat(said).toString().includes("worker pool listening on port")) {
        clearTimeout(timer);
        resolve();
      }
    });
    workerPool.once("exit", (code) => reject(new Error(`the worker pool exited (${code}): ${said}`)));
  });
}

describe("the flights example on Beam's Flink runner (a local job server) gives the direct runner's results", function () {
  this.timeout(FLINK_RUN_TIMEOUT_MS + DIRECT_RUN_TIMEOUT_MS);
  let jobEndpoint: string;
  const directDir = temporaryDir("flights-direct-");

  before(async function () {
    jobEndpoint = (await flinkJobServer(this)).endpoint;
    assertRanOk(
      await modelMonitorIn(process.env, ["run", FLIGHTS_SPEC, "--out", directDir], DIRECT_RUN_TIMEOUT_MS),
      "the direct run",
    );
  });

  it("model-monitor run --runner flink (LOOPBACK workers in the command's process, batch mode)", async () => {
    const flinkDir = temporaryDir("flights-flink-");
    const run = await modelMonitorIn(
      process.env,
      ["run", FLIGHTS_SPEC, "--runner", "flink", "--job-endpoint", jobEndpoint, "--out", flinkDir],
      FLINK_RUN_TIMEOUT_MS,
    );
    assertRanOk(run, "the Flink run");
    assert.match(run.stderr, /Flink job of flight-delay is DONE/);
    assert.match(run.stderr, /flink run of flight-delay finished in/);
    assert.match(run.stderr, /outlier: 237 records ->/);
    assertOneBatchPanePerResult(flinkDir, assertSameResultsAsDirect(flinkDir, directDir));
  });

  describe("with the workers in a separate `model-monitor worker-pool` process (EXTERNAL environment)", () => {
    let workerPool: ChildProcess | undefined;
    afterEach(() => workerPool?.kill());

    it("submit --worker-pool --follow ends DONE with the direct runner's results", async () => {
      const port = await freeLoopbackPort();
      workerPool = spawn(process.execPath, [CLI, "worker-pool", "--port", String(port)]);
      await listening(workerPool);
      const { specFile, outDir } = writeFlightsVariant({
        source: { kind: "file", path: RECORDED_LOG, replaySpeed: 0 },
      });
      const args = ["submit", specFile, "--job-endpoint", jobEndpoint, "--worker-pool", `localhost:${port}`];
      const run = await modelMonitorIn(process.env, [...args, "--follow"], FLINK_RUN_TIMEOUT_MS);
      assertRanOk(run, "the EXTERNAL submission");
      assert.match(run.stderr, /is DONE/);
      assertOneBatchPanePerResult(outDir, assertSameResultsAsDirect(outDir, directDir, true));
    });
  });
});
