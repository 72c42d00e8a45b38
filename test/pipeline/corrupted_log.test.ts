import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runMonitor } from "../../runners/run_monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import type { DeadLetter } from "../../transforms/parse/inference_record";

const EXAMPLE = path.resolve(__dirname, "../../../examples/flights");

interface KcatLine {
  ts: number;
  headers: string[];
  payload: string;
}

/**
 * How a corrupted line is broken, the dead-letter reason that must say so,
 * and what the dead letter's `raw` holds: the line when it is not even a
 * record, else the record's message value (what a Kafka consumer would see).
 */
const CORRUPTIONS = [
  { reason: "bad-json", raw: "line", corrupt: (line: string) => line.slice(0, Math.floor(line.length / 2)) },
  {
    reason: "bad-json",
    raw: "payload",
    corrupt: (line: string) => JSON.stringify({ ...parse(line), payload: "{not json" }),
  },
  {
    // No record timestamp (Kafka's -1) and no CloudEvent time to fall back on.
    reason: "missing-timestamp",
    raw: "payload",
    corrupt: (line: string) => {
      const record = parse(line);
      const at = record.headers.indexOf("ce_time");
      return JSON.stringify({
        ...record,
        ts: -1,
        headers: record.headers.filter((_, i) => i !== at && i !== at + 1),
      });
    },
  },
  {
    // A response whose predictions are not a list: the v1 response shape is wrong.
    reason: "bad-shape",
    raw: "payload",
    corrupt: (line: string) =>
      JSON.stringify({ ...parse(line), payload: '{"predictions": 7, "instances": 7}' }),
  },
];

const parse = (line: string): KcatLine => JSON.parse(line) as KcatLine;

describe("a recorded log with 1 % corrupted lines", function () {
  this.timeout(60_000);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "corrupted-log-"));
  const logFile = path.join(directory, "inference_log.jsonl");
  const outDir = path.join(directory, "out");
  const lines = fs.readFileSync(path.join(EXAMPLE, "inference_log.jsonl"), "utf8").trimEnd().split("\n");
  /** 1-based line number → the reason its corruption must be reported with. */
  const corrupted = new Map<number, (typeof CORRUPTIONS)[number]>();
  const written = lines.map((line, index) => {
    const lineNumber = index + 1;
    if (lineNumber % 100 !== 37) return line;
    const corruption = CORRUPTIONS[corrupted.size % CORRUPTIONS.length];
    corrupted.set(lineNumber, corruption);
    return corruption.corrupt(line);
  });
  fs.writeFileSync(logFile, written.join("\n") + "\n");

  // What the good lines hold, read here without the job's parser: instances per request, predictions per response.
  let goodInstances = 0;
  let goodPredictions = 0;
  lines.forEach((line, index) => {
    if (corrupted.has(index + 1)) return;
    const body = JSON.parse(parse(line).payload) as { instances?: unknown[]; predictions?: unknown[] };
    goodInstances += body.instances?.length ?? 0;
    goodPredictions += body.predictions?.length ?? 0;
  });

  let deadLetters: DeadLetter[] = [];
  let statistics: { feature: string; count: number; missing: number; pane: { final: boolean } }[] = [];

  before(async () => {
    const example = loadSpec(path.join(EXAMPLE, "monitor.yaml"));
    const spec = {
      ...example,
      source: { kind: "file" as const, path: logFile, replaySpeed: 0 },
      sinks: [{ kind: "file" as const, dir: outDir }],
    };
    await runMonitor(spec, "direct");
    const read = (kind: string) =>
      fs
        .readFileSync(path.join(outDir, `${kind}.jsonl`), "utf8")
        .split("\n")
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line));
    deadLetters = read("deadletter");
    statistics = read("statistics");
  });

  it("corrupts about 1 % of the lines", () => {
    assert.strictEqual(corrupted.size, Math.floor((lines.length - 37) / 100) + 1);
    assert.ok(corrupted.size / lines.length > 0.009 && corrupted.size / lines.length < 0.011);
  });

  it("writes one dead letter per corrupted line, with its line number, reason and raw text", () => {
    const byLine = new Map(
      deadLetters.map((letter) => [(letter.source as { file: string; line: number }).line, letter]),
    );
    assert.strictEqual(deadLetters.length, corrupted.size);
    for (const [lineNumber, { reason, raw }] of corrupted) {
      const letter = byLine.get(lineNumber);
      assert.ok(letter, `no dead letter for line ${lineNumber}`);
      assert.strictEqual(letter.reason, reason, `line ${lineNumber}: ${letter.detail}`);
      assert.deepStrictEqual(letter.source, { file: logFile, line: lineNumber });
      const line = written[lineNumber - 1];
      assert.strictEqual(letter.raw, raw === "line" ? line : parse(line).payload);
      assert.ok(letter.detail.length > 0);
    }
  });

  it("counts every instance of the good lines in the final statistics panes", () => {
    const finalTotals = new Map<string, number>();
    // (The per-window correlation record, feature "*", counts pairs, not records.)
    for (const record of statistics.filter((r) => r.pane.final && r.feature !== "*")) {
      finalTotals.set(record.feature, (finalTotals.get(record.feature) ?? 0) + record.count + record.missing);
    }
    assert.deepStrictEqual(Object.fromEntries(finalTotals), {
      distance: goodInstances,
      departure_hour: goodInstances,
      delay: goodInstances,
      origin: goodInstances,
      destination: goodInstances,
      predicted_delay: goodPredictions,
    });
  });
});
