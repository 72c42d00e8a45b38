import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { modelMonitor } from "../baseline/baseline_cli";
import { latestPanes } from "../support/latest_panes";

/**
 * One recorded log of 6,000 events, 10 per second of event time from
 * 2026-01-01 (60 windows of 10 s), read by `model-monitor run`. Event 3,000
 * is dated 2100 and event 3,001 at 8.64e15 ms (the edge of a JavaScript Date).
 * Record timestamps are either the event times or, as `produce` stamps plain
 * bodies, the send time (a minute ago, one ms apart).
 */
const EVENTS = 6000;
const START_MS = Date.UTC(2026, 0, 1);
const YEAR_2100_MS = Date.UTC(2100, 0, 1);
const DATE_LIMIT_MS = 8.64e15;

function writeLog(file: string, stamp: "event-time" | "send-time"): void {
  const sentFromMs = Date.now() - 60_000;
  const lines: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const t = i === 3000 ? YEAR_2100_MS : i === 3001 ? DATE_LIMIT_MS : START_MS + i * 100;
    const ts = stamp === "event-time" ? t : sentFromMs + i;
    const payload = JSON.stringify({ x: i % 7, t });
    lines.push(JSON.stringify({ topic: "log", partition: i % 2, offset: i >> 1, ts, headers: [], payload }));
  }
  fs.writeFileSync(file, lines.join("\n") + "\n");
}

interface Outcome {
  counts: number[];
  deadLetters: { reason: string; detail: string }[];
}

function run(dir: string, eventTime: string): Outcome {
  fs.writeFileSync(
    path.join(dir, "spec.yaml"),
    [
      "model: hostile",
      "features: [{name: x, type: numerical, path: x}]",
      `input: {format: json, eventTime: ${eventTime}}`,
      "source: {kind: file, path: log.jsonl}",
      "window: {size: 10s}",
      "sinks: [{kind: file, dir: out}]",
    ].join("\n"),
  );
  const cli = modelMonitor("run", path.join(dir, "spec.yaml"), "--state-dir", path.join(dir, "state"));
  assert.equal(cli.status, 0, cli.stderr);
  const read = (kind: string) =>
    fs
      .readFileSync(path.join(dir, "out", `${kind}.jsonl`), "utf8")
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line));
  const statistics = [...latestPanes(read("statistics")).values()] as unknown as {
    window: { start: string };
    count: number;
  }[];
  statistics.sort((a, b) => a.window.start.localeCompare(b.window.start));
  return { counts: statistics.map((result) => result.count), deadLetters: read("deadletter") };
}

/** 100 events per window, but for window 30, which loses the two hostile ones to dead letters. */
const EXPECTED_COUNTS = Array.from({ length: 60 }, (_, window) => (window === 30 ? 98 : 100));

describe("hostile event times (model-monitor run on a recorded log)", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-times-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function assertDeadLetters(deadLetters: Outcome["deadLetters"], badTimestampDetail: RegExp): void {
    assert.deepEqual(
      deadLetters.map((letter) => letter.reason),
      ["future-timestamp", "bad-timestamp"],
    );
    assert.match(
      deadLetters[0].detail,
      /^event time 2100-01-01T00:00:00\.000Z is \d+ ms ahead of the clock \(.*\), more than input\.maxFutureSkew \(300000 ms\)$/,
    );
    assert.match(deadLetters[1].detail, badTimestampDetail);
  }

  it("record timestamps: an event dated 2100 or at 8.64e15 is a dead letter and moves no watermark", () => {
    writeLog(path.join(dir, "log.jsonl"), "event-time");
    const { counts, deadLetters } = run(dir, "record-timestamp");
    assert.deepEqual(counts, EXPECTED_COUNTS);
    assertDeadLetters(
      deadLetters,
      /^record timestamp 8640000000000000 is not an epoch-ms time of the years 0001–9999$/,
    );
  });

  it("a field event time with send-time record timestamps: the watermark follows the field, nothing is late", () => {
    writeLog(path.join(dir, "log.jsonl"), "send-time");
    const { counts, deadLetters } = run(dir, "t");
    assert.deepEqual(counts, EXPECTED_COUNTS);
    assertDeadLetters(
      deadLetters,
      /^event-time field "t" is 8640000000000000, not epoch milliseconds or an ISO-8601 time of the years 0001–9999$/,
    );
  });
});
