import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { finalStatistics, statisticsDifferences } from "../../bench/throughput/final_statistics";
import { writeScaledLog } from "../../bench/throughput/scaled_log";
import { statisticsLoop } from "../../bench/throughput/statistics_loop";
import { runMonitor } from "../../runners/run_monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import type { MonitorSpec } from "../../pipelines/spec/schema";
import { resultFile } from "../../transforms/io/result_sink";
import type { InProcessRunnerName } from "../../runners/select_runner";

const EXAMPLE_SPEC = path.resolve(__dirname, "../../../examples/flights/monitor.yaml");
/** examples/flights/inference_log.jsonl: 2,379 requests with 5,964 instances in 28 one-minute windows. */
const EXAMPLE_EVENTS = 2 * 2379;
const EXAMPLE_INSTANCES = 5964;
const EXAMPLE_WINDOWS = 28;
/** Per window: 5 features, the prediction and the correlation record. */
const RECORDS_PER_WINDOW = 7;
/** Above the example's largest window (249 instances), so the KLL sketch never compacts and quantiles are exact. */
const EXACT_SKETCH_K = 256;

describe("the runner-throughput benchmark's plain loop", function () {
  this.timeout(60_000);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "statistics-loop-"));
  const example = loadSpec(EXAMPLE_SPEC);
  const scaledLog = path.join(workDir, "inference_log.jsonl");
  let shiftMs = 0;
  let loopSummary: ReturnType<typeof statisticsLoop>;

  /** The example spec on the 2-copy log, with an exact quantile sketch, writing to its own folder. */
  const benchSpec = (name: string, window: Partial<MonitorSpec["window"]> = {}): MonitorSpec => ({
    ...example,
    source: { kind: "file", path: scaledLog, replaySpeed: 0 },
    window: { ...example.window, ...window },
    statistics: { ...example.statistics, quantileSketchK: EXACT_SKETCH_K },
    sinks: [{ kind: "file", dir: path.join(workDir, name) }],
  });
  const finalsOf = (spec: MonitorSpec) =>
    finalStatistics(resultFile((spec.sinks[0] as { dir: string }).dir, "statistics"));

  before(() => {
    shiftMs = writeScaledLog(example.source.kind === "file" ? example.source.path : "", 2, 60_000, scaledLog);
    loopSummary = statisticsLoop(benchSpec("loop"));
  });
  after(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it("reads both copies of the example log: twice its events and instances, 28 more windows", () => {
    // The log spans 00:00:03 to 00:27:5x: 28 whole one-minute windows, so the second copy starts 28 min later.
    assert.strictEqual(shiftMs, EXAMPLE_WINDOWS * 60_000);
    assert.deepStrictEqual(
      [loopSummary.events, loopSummary.instances, loopSummary.deadLetters.length],
      [2 * EXAMPLE_EVENTS, 2 * EXAMPLE_INSTANCES, 0],
    );
    assert.strictEqual(loopSummary.statistics.length, 2 * EXAMPLE_WINDOWS * RECORDS_PER_WINDOW);
    const written = finalsOf(benchSpec("loop"));
    assert.strictEqual(
      written.size,
      loopSummary.statistics.length,
      "one written record per (feature, window)",
    );
  });

  it("gives each copy's windows the same statistics (the copy is shifted, not changed)", () => {
    const finals = finalsOf(benchSpec("loop"));
    let compared = 0;
    for (const [key, record] of finals) {
      const startMs = Date.parse(record.window.start);
      const copy = finals.get(`${record.feature}@${new Date(startMs + shiftMs).toISOString()}`);
      if (copy === undefined) continue;
      compared += 1;
      const { window: _w, emittedAt: _e, ...fields } = record;
      const { window: _cw, emittedAt: _ce, ...copyFields } = copy;
      assert.deepStrictEqual(copyFields, fields, key);
    }
    assert.strictEqual(compared, EXAMPLE_WINDOWS * RECORDS_PER_WINDOW);
  });

  for (const [runner, label] of [
    ["direct", "the event-time direct runner's final panes"],
    ["beam-direct", "the SDK's stock direct runner's records"],
  ] as [InProcessRunnerName, string][]) {
    it(`computes exactly ${label}, quantiles included, for the same input`, async () => {
      const pipeline = benchSpec(runner);
      await runMonitor(pipeline, runner);
      const { differences, compactedQuantiles } = statisticsDifferences(
        finalsOf(benchSpec("loop")),
        finalsOf(pipeline),
        1e-9,
      );
      assert.deepStrictEqual(differences, []);
      assert.strictEqual(compactedQuantiles, 0);
      assert.strictEqual(finalsOf(pipeline).size, 2 * EXAMPLE_WINDOWS * RECORDS_PER_WINDOW);
    });
  }

  it("windows as the pipeline does with sliding windows and a watermark delay that is not a whole slide", async () => {
    // 60 s windows every 20 s, delay 7 s: each record is in 3 windows, starting at multiples of 20 s.
    const window = { slide: 20_000, watermarkDelay: 7_000 };
    const loop = benchSpec("loop-sliding", window);
    const pipeline = benchSpec("direct-sliding", window);
    const summary = statisticsLoop(loop);
    await runMonitor(pipeline, "direct");
    const { differences } = statisticsDifferences(finalsOf(loop), finalsOf(pipeline), 1e-9);
    assert.deepStrictEqual(differences, []);
    const starts = new Set(summary.statistics.map((record) => Date.parse(record.window.start)));
    assert.ok([...starts].every((startMs) => startMs % 20_000 === 0));
    const counted = summary.statistics
      .filter((record) => record.feature === "distance" && record.type === "numerical")
      .reduce((total, record) => total + (record.type === "numerical" ? record.count : 0), 0);
    assert.strictEqual(counted, 3 * 2 * EXAMPLE_INSTANCES);
  });
});

describe("statisticsDifferences", () => {
  const record = (fields: object) =>
    new Map([
      [
        "x@w",
        {
          kind: "statistics",
          model: "m",
          feature: "x",
          role: "feature",
          window: { start: "w", end: "e" },
          pane: { timing: "ON_TIME", index: 0, final: true },
          emittedAt: "t",
          type: "numerical",
          count: 300,
          mean: 2,
          quantiles: { "0.5": 2 },
          quantileRankError: 0,
          ...fields,
        },
      ],
    ]) as unknown as ReturnType<typeof finalStatistics>;

  it("ignores panes, emittedAt and float noise within the tolerance", () => {
    const other = record({
      pane: { timing: "LATE", index: 3, final: false },
      emittedAt: "u",
      mean: 2 + 1e-12,
    });
    assert.deepStrictEqual(statisticsDifferences(record({}), other, 1e-9), {
      differences: [],
      compactedQuantiles: 0,
    });
  });

  it("reports a different count, mean beyond the tolerance, exact quantile, or missing record", () => {
    const other = record({ count: 301, mean: 2.001, quantiles: { "0.5": 3 } });
    assert.deepStrictEqual(statisticsDifferences(record({}), other, 1e-9).differences, [
      "x@w.count: 300 vs 301",
      "x@w.mean: 2 vs 2.001",
      "x@w.quantiles.0.5: 2 vs 3",
    ]);
    assert.deepStrictEqual(statisticsDifferences(record({}), new Map(), 1e-9).differences, ["x@w: missing"]);
  });

  it("leaves out the quantiles of a compacted sketch, and counts them", () => {
    const compacted = { quantileRankError: 0.013, iqr: 1 };
    const other = record({ ...compacted, quantiles: { "0.5": 2.5 }, iqr: 1.2 });
    assert.deepStrictEqual(statisticsDifferences(record(compacted), other, 1e-9), {
      differences: [],
      compactedQuantiles: 1,
    });
  });
});
