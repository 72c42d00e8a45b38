import { strict as assert } from "assert";
import { type ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { replayLog } from "../../cli/replay_log";
import { CLI } from "../baseline/baseline_cli";
import { KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { uniqueName } from "../support/unique_name";
import { readTopics } from "../support/kafka_topics";
import { type WindowedResult, latestPanes } from "../support/latest_panes";
import { WINDOWED_LOG_SPEC, seededRandom, writeWindowedLog } from "../support/windowed_log";

/**
 * `model-monitor run` reading a real Kafka broker (KRaft, Kafka 3.7.2) with a
 * checkpoint in --state-dir, writing its statistics to a second broker, so
 * that the results can be down while the input is not. A consumer keeping the
 * latest pane of each window must get the fault-free run's results after
 * three SIGKILLs and after a 30 s outage of the results broker.
 *
 * The log is in event-time order on each partition and windows have no
 * allowed lateness, so each window has exactly one pane (ON_TIME, final)
 * whatever the bundling. Kafka fetches batches of varying size, so the
 * per-bundle partial accumulators of a window differ between runs: counts,
 * sums, extremes, quantiles (exact below the sketch's k) and frequencies must
 * be equal, the mean and variance (Welford merges) equal to 1e-12 relative.
 */
const WINDOWS = 300;
const RECORDS_PER_WINDOW = 100;
const OUTAGE_MS = 30_000;

interface StatisticsResult extends WindowedResult {
  emittedAt?: string;
  count: number;
  mean?: number | null;
  stddev?: number | null;
  variance?: number | null;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

function startRun(spec: string, stateDir: string): { child: ChildProcess; stderr: () => string } {
  const child = spawn(
    process.execPath,
    [CLI, "run", spec, "--state-dir", stateDir, "--checkpoint-interval", "200ms"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr };
}

async function runToEnd(spec: string, stateDir: string): Promise<void> {
  const run = startRun(spec, stateDir);
  const { code } = await exited(run.child);
  assert.equal(code, 0, run.stderr());
}

/** The latest pane per result, without emittedAt; mean and variance rounded to 12 significant digits. */
async function latestStatistics(broker: KafkaBroker, topic: string): Promise<Map<string, StatisticsResult>> {
  const results = (await readTopics(broker.brokers, [topic])).map((record) => {
    const { emittedAt: _emittedAt, ...result } = JSON.parse(record.value) as StatisticsResult;
    for (const field of ["mean", "stddev", "variance"] as const) {
      const value = result[field];
      if (typeof value === "number") result[field] = Number(value.toPrecision(12));
    }
    return result;
  });
  return latestPanes(results);
}

async function waitForFile(file: string, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("checkpointed runs on a real Kafka broker: kills and a results outage", function () {
  this.timeout(300_000);
  let input: KafkaBroker;
  let results: KafkaBroker;
  let dir: string;
  let topic: string;
  let expected: Map<string, StatisticsResult>;

  function writeSpec(name: string): string {
    const spec = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(
      spec,
      [
        ...WINDOWED_LOG_SPEC,
        `source: {kind: kafka, brokers: "${input.bootstrap}", topic: ${topic}, groupId: ${uniqueName(name)},`,
        "  untilIdle: 4s, sessionTimeout: 6s}",
        "window: {size: 10s, watermarkDelay: 1s}",
        `sinks: [{kind: kafka, brokers: "${results.bootstrap}", topics: {statistics: ${name}}}]`,
      ].join("\n"),
    );
    return spec;
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crash-safe-kafka-"));
    [input, results] = await Promise.all([sharedKafkaBroker(), KafkaBroker.start()]);
    topic = uniqueName("windowed-log");
    await input.createTopic(topic, 2);
    for (const name of ["fault-free", "outage", "killed"]) await results.createTopic(name, 1);
    const log = path.join(dir, "log.jsonl");
    writeWindowedLog(log, { windows: WINDOWS, recordsPerWindow: RECORDS_PER_WINDOW, outOfOrderShare: 0 });
    const sent = await replayLog(log, {
      brokers: input.brokers,
      topic,
      concurrency: 1,
      timestamps: "original",
    });
    assert.equal(sent.sent, WINDOWS * RECORDS_PER_WINDOW, sent.firstError);
    await runToEnd(writeSpec("fault-free"), path.join(dir, "state-fault-free"));
    expected = await latestStatistics(results, "fault-free");
    assert.equal(expected.size, WINDOWS * 2, "one statistics result per feature and window");
  });

  after(async () => {
    await results?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`a ${OUTAGE_MS / 1000} s outage of the results broker: the job waits it out, then writes every window`, async () => {
    await results.stop();
    const startedMs = Date.now();
    const run = startRun(writeSpec("outage"), path.join(dir, "state-outage"));
    const exit = exited(run.child);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await results.start();
    const { code } = await exit;
    assert.equal(code, 0, run.stderr());
    assert.ok(Date.now() - startedMs >= OUTAGE_MS, "the run ended before the results broker was back");
    assert.deepEqual(await latestStatistics(results, "outage"), expected);
  });

  it("three SIGKILLs at random points: every window's latest pane is the fault-free run's", async () => {
    const spec = writeSpec("killed");
    const stateDir = path.join(dir, "state-killed");
    const checkpoint = path.join(stateDir, "checkpoint.json");
    const random = seededRandom(Date.now());
    for (let kill = 1; kill <= 3; kill++) {
      const run = startRun(spec, stateDir);
      const exit = exited(run.child);
      const before = fs.existsSync(checkpoint) ? fs.statSync(checkpoint).mtimeMs : 0;
      // Killed once this run has checkpointed (so mid-run), then at a random point.
      const deadline = Date.now() + 60_000;
      while (!fs.existsSync(checkpoint) || fs.statSync(checkpoint).mtimeMs === before) {
        if (Date.now() > deadline)
          throw new Error(`run ${kill} wrote no checkpoint within 60 s: ${run.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, random() * 1000));
      run.child.kill("SIGKILL");
      assert.equal((await exit).signal, "SIGKILL", `run ${kill} ended before its kill: ${run.stderr()}`);
    }
    await waitForFile(checkpoint, 0, "the last kill's checkpoint");
    await runToEnd(spec, stateDir);
    assert.deepEqual(await latestStatistics(results, "killed"), expected);
  });
});
