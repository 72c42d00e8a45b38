import { strict as assert } from "assert";
import { type ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLI, modelMonitor } from "../baseline/baseline_cli";
import { CHECKPOINT_VERSION } from "../../runners/direct/checkpoint/checkpoint";
import { CheckpointStore } from "../../runners/direct/checkpoint/checkpoint_store";
import { type WindowedResult, latestPanes } from "../support/latest_panes";
import { WINDOWED_LOG_SPEC, seededRandom, writeWindowedLog } from "../support/windowed_log";

/**
 * Real SIGKILLs of `model-monitor run` reading a recorded log of 400 windows
 * (60,000 records on two partitions, 5 % of them 1.5 s out of order, so
 * windows get ON_TIME, LATE and closing panes), each restart resuming from
 * the checkpoint in --state-dir. A consumer keeping the latest pane per
 * window must see exactly the fault-free run's results; a pane written twice
 * (after the checkpoint, before the kill) must be written identically.
 *
 * With replaySpeed 0 a file source fills every bundle (1,000 records), and a
 * checkpoint falls between bundles, so a restart's bundles are the
 * fault-free run's: pane indexes and merge order, hence every number, agree.
 */
const WINDOWS = 400;
const RECORDS_PER_WINDOW = 150;
const KILLS = 3;

interface StatisticsResult extends WindowedResult {
  emittedAt?: string;
}

function writeSpec(dir: string, outDir: string): string {
  const spec = path.join(dir, `spec-${path.basename(outDir)}.yaml`);
  fs.writeFileSync(
    spec,
    [
      ...WINDOWED_LOG_SPEC,
      "source: {kind: file, path: log.jsonl}",
      "window: {size: 10s, watermarkDelay: 1s, allowedLateness: 2s}",
      `sinks: [{kind: file, dir: ${outDir}}]`,
    ].join("\n"),
  );
  return spec;
}

function statistics(outDir: string): StatisticsResult[] {
  const text = fs.readFileSync(path.join(outDir, "statistics.jsonl"), "utf8");
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => {
      const { emittedAt: _emittedAt, ...result } = JSON.parse(line) as StatisticsResult;
      return result;
    });
}

/** Resolves once `file`'s modification time differs from `sinceMs`, or rejects after `timeoutMs`. */
async function changed(file: string, sinceMs: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mtimeMs = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
    if (mtimeMs !== sinceMs && mtimeMs !== 0) return;
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves once `file` has at least `lines` lines; rejects if the run exits first or after `timeoutMs`. */
async function linesReached(
  file: string,
  lines: number,
  timeoutMs: number,
  exit: Promise<unknown>,
): Promise<void> {
  let ended = false;
  void exit.then(() => (ended = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (text.split("\n").length - 1 >= lines) return;
    if (ended) throw new Error(`the run ended before writing ${lines} lines to ${file}`);
    if (Date.now() > deadline) throw new Error(`${file} did not reach ${lines} lines within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
}

describe("checkpointed direct runs under SIGKILL (model-monitor run --state-dir)", function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoint-kills-"));
    writeWindowedLog(path.join(dir, "log.jsonl"), {
      windows: WINDOWS,
      recordsPerWindow: RECORDS_PER_WINDOW,
      outOfOrderShare: 0.05,
    });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`gives every window's latest pane of the fault-free run after ${KILLS} kills at random points`, async () => {
    const faultFree = modelMonitor(
      "run",
      writeSpec(dir, "fault-free"),
      "--state-dir",
      path.join(dir, "state-a"),
    );
    assert.equal(faultFree.status, 0, faultFree.stderr);
    const faultFreeLines = statistics(path.join(dir, "fault-free")).length;
    const expected = latestPanes(statistics(path.join(dir, "fault-free")));
    assert.equal(expected.size, WINDOWS * 2, "one statistics result per feature and window");

    const killedSpec = writeSpec(dir, "killed");
    const stateDir = path.join(dir, "state-b");
    const checkpointFile = path.join(stateDir, "checkpoint.json");
    const random = seededRandom(Date.now());
    const killedAt: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const before = fs.existsSync(checkpointFile) ? fs.statSync(checkpointFile).mtimeMs : 0;
      const child = spawn(
        process.execPath,
        [CLI, "run", killedSpec, "--state-dir", stateDir, "--checkpoint-interval", "200ms"],
        { stdio: "ignore" },
      );
      const exit = exited(child);
      // Killed once this run has checkpointed and the results written so far reach a random point of
      // the kill's own quarter of the fault-free output, so every kill lands mid-run however fast the
      // machine is (a wall-clock delay let a quick run finish first).
      await changed(checkpointFile, before, 60_000, `run ${kill + 1}'s first checkpoint`);
      const killAtLines = Math.floor((faultFreeLines * (kill + 1 + random() / 2)) / (KILLS + 1));
      await linesReached(path.join(dir, "killed", "statistics.jsonl"), killAtLines, 60_000, exit);
      killedAt.push(statistics(path.join(dir, "killed")).length);
      child.kill("SIGKILL");
      assert.equal(await exit, "SIGKILL", `run ${kill + 1} ended before its kill`);
    }
    const last = modelMonitor("run", killedSpec, "--state-dir", stateDir, "--checkpoint-interval", "200ms");
    assert.equal(last.status, 0, last.stderr);

    const written = statistics(path.join(dir, "killed"));
    assert.deepEqual(latestPanes(written), expected);
    // A pane written again after a restart is the same pane: same window, index and content.
    const byPane = new Map<string, string>();
    for (const result of written) {
      const id = JSON.stringify([result.feature, result.window.start, result.pane.index]);
      const content = JSON.stringify(result);
      assert.equal(byPane.get(id) ?? content, content, `pane ${id} written twice with different contents`);
      byPane.set(id, content);
    }
    assert.ok(
      killedAt.every((lines, i) => i === 0 || lines >= killedAt[i - 1]),
      `results lines at each kill: ${killedAt.join(", ")}`,
    );
    assert.ok(!fs.existsSync(checkpointFile), "a finished run leaves no checkpoint");
  });

  it("refuses the state of a job with another spec, saying what to do", () => {
    const stateDir = path.join(dir, "state-other");
    new CheckpointStore(stateDir, "0123456789abcdef").write({
      version: CHECKPOINT_VERSION,
      fingerprint: "0123456789abcdef",
      bundleIndex: 3,
      takenAtMs: 0,
      droppedLate: 0,
      sources: {},
      operators: {},
    });
    const run = modelMonitor("run", writeSpec(dir, "other"), "--state-dir", stateDir);
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /^model-monitor: the state in \S+state-other was written by a job with another spec \(state 0123456789abcdef, this spec [0-9a-f]{16}, format 1\).*Run this spec with another --state-dir, or delete \S+checkpoint.json to start over\n$/,
    );
    assert.ok(!fs.existsSync(path.join(dir, "other")), "nothing ran");
  });
});
