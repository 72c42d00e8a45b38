import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runMonitor } from "../../runners/run_monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import type { DeadLetter } from "../../transforms/parse/inference_record";
import { latestPanes } from "../support/latest_panes";

const EXAMPLE = path.resolve(__dirname, "../../../examples/flights");
const REQUEST = "org.kubeflow.serving.inference.request";
const RESPONSE = "org.kubeflow.serving.inference.response";

/** A line as `kcat -C -J` records it: KServe CloudEvent attributes in headers, the body in `payload`. */
function kcatLine(offset: number, ts: number, headers: Record<string, string>, payload: string): string {
  return JSON.stringify({
    topic: "inference-log",
    partition: 0,
    offset,
    tstype: "create",
    ts,
    broker: 0,
    headers: Object.entries(headers).flat(),
    key: null,
    payload,
  });
}

const T0 = Date.parse("2026-01-01T00:00:00Z");
const ce = (type: string, id: string, timeMs: number) => ({
  ce_id: id,
  ce_type: type,
  ce_specversion: "1.0",
  ce_source: "http://localhost:9081/",
  ce_time: new Date(timeMs).toISOString(),
});

/**
 * The flights example's log format, one line per dead-letter reason among good lines, each bad
 * line with the reason it must be reported with and its dead letter's `raw` (the whole line when
 * it is not a kcat record, else its payload).
 */
const LINES: { line: string; reason?: string; raw?: "line" | "payload" }[] = [
  { line: kcatLine(0, T0 + 1_000, ce(REQUEST, "r1", T0 + 1_000), '{"instances":[[1055,1,-6,"LAS","DFW"]]}') },
  { line: kcatLine(1, T0 + 1_010, ce(RESPONSE, "r1", T0 + 1_010), '{"predictions":[-0.5]}') },
  { line: '{"topic":"inference-log","partition":0,"offs', reason: "bad-json", raw: "line" },
  {
    // A structured-mode CloudEvent (no ce_ headers) without data.
    line: kcatLine(
      3,
      T0 + 2_000,
      {},
      JSON.stringify({ specversion: "1.0", id: "r3", type: REQUEST, source: "s" }),
    ),
    reason: "bad-envelope",
    raw: "payload",
  },
  {
    line: kcatLine(
      4,
      T0 + 3_000,
      ce("org.kubeflow.serving.inference.explanation", "r4", T0 + 3_000),
      '{"instances":[[1300,1,-3,"LAS","MSP"]]}',
    ),
    reason: "unknown-event-type",
    raw: "payload",
  },
  {
    line: kcatLine(5, T0 + 4_000, ce(RESPONSE, "r5", T0 + 4_000), '{"predictions": 7}'),
    reason: "bad-shape",
    raw: "payload",
  },
  {
    // Instance 0 is good and stays a record; instance 1's departure hour is not a number.
    line: kcatLine(
      6,
      T0 + 5_000,
      ce(REQUEST, "r6", T0 + 5_000),
      '{"instances":[[594,5,-9,"DTW","ATL"],[137,true,-2,"GRR","ORD"]]}',
    ),
    reason: "non-numeric-value",
    raw: "payload",
  },
  {
    // No record timestamp (Kafka's -1) and no ce_time to fall back on.
    line: kcatLine(7, -1, { ce_id: "r7", ce_type: REQUEST }, '{"instances":[[300,6,0,"SFO","LAX"]]}'),
    reason: "missing-timestamp",
    raw: "payload",
  },
  {
    // No record timestamp, and a ce_time that is not an RFC 3339 time.
    line: kcatLine(
      8,
      -1,
      { ...ce(REQUEST, "r8", T0), ce_time: "Thu, 01 Jan 2026 00:00:07 GMT" },
      '{"instances":[[300,6,0,"SFO","LAX"]]}',
    ),
    reason: "bad-timestamp",
    raw: "payload",
  },
  { line: kcatLine(9, T0 + 8_000, ce(REQUEST, "r9", T0 + 8_000), '{"instances":[[802,9,12,"ORD","BOS"]]}') },
];

describe("every dead-letter reason through the whole pipeline, from a recorded log file", function () {
  this.timeout(60_000);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "dead-letter-reasons-"));
  const logFile = path.join(directory, "inference_log.jsonl");
  const outDir = path.join(directory, "out");
  const read = (kind: string) =>
    fs
      .readFileSync(path.join(outDir, `${kind}.jsonl`), "utf8")
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line));
  let deadLetters: DeadLetter[] = [];

  before(async () => {
    fs.writeFileSync(logFile, LINES.map(({ line }) => line).join("\n") + "\n");
    const example = loadSpec(path.join(EXAMPLE, "monitor.yaml"));
    await runMonitor(
      {
        ...example,
        source: { kind: "file", path: logFile, replaySpeed: 0 },
        sinks: [{ kind: "file", dir: outDir }],
      },
      "direct",
    );
    deadLetters = read("deadletter");
  });

  it("writes exactly one dead letter per bad line: its reason, its file and line, its raw text", () => {
    const expected = LINES.flatMap(({ line, reason, raw }, index) =>
      reason === undefined
        ? []
        : [
            {
              reason,
              source: { file: logFile, line: index + 1 },
              raw: raw === "line" ? line : (JSON.parse(line) as { payload: string }).payload,
            },
          ],
    );
    assert.deepStrictEqual(
      deadLetters.map(({ reason, source, raw }) => ({ reason, source, raw })),
      expected,
    );
    for (const letter of deadLetters) {
      assert.strictEqual(letter.kind, "deadletter");
      assert.ok(letter.detail.length > 0, `${letter.reason}: no detail`);
    }
  });

  it("names the offending instance and feature of a non-numeric value", () => {
    const letter = deadLetters.find((l) => l.reason === "non-numeric-value");
    assert.strictEqual(letter?.detail, 'instance 1: feature "departure_hour" is true, not a finite number');
  });

  it("keeps the good instances, and only them, in the window's latest statistics", () => {
    // Good instances: r1's, r6's instance 0 and r9's; r1's response is the one prediction.
    const latest = [...latestPanes(read("statistics")).values()] as { feature: string; count: number }[];
    const counts = Object.fromEntries(
      latest.filter((r) => r.feature !== "*").map((r) => [r.feature, r.count]),
    );
    assert.deepStrictEqual(counts, {
      distance: 3,
      departure_hour: 3,
      delay: 3,
      origin: 3,
      destination: 3,
      predicted_delay: 1,
    });
  });
});
