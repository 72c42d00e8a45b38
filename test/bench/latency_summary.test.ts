import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { summarise, windowedLatencies } from "../../bench/latency/latency_summary";

describe("latency summaries", () => {
  it("takes nearest-rank percentiles in seconds", () => {
    // 1..20 s: the q-quantile is the ⌈20·q⌉-th value.
    const summary = summarise(Array.from({ length: 20 }, (_, i) => 1000 * (i + 1)));
    assert.deepStrictEqual(summary, { count: 20, p5: 1, p25: 5, p50: 10, p75: 15, p95: 19, max: 20 });
    assert.strictEqual(summarise([]), undefined);
  });

  it("charges each request in a wholly sent window its first covering pane and the final pane", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latency-summary-"));
    const file = path.join(dir, "statistics.jsonl");
    const window = (startMs: number) => ({
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + 10_000).toISOString(),
    });
    const result = (startMs: number, index: number, final: boolean, count: number, emittedMs: number) =>
      JSON.stringify({
        feature: "x",
        type: "numerical",
        window: window(startMs),
        pane: { index, final },
        count,
        missing: 0,
        emittedAt: new Date(emittedMs).toISOString(),
      });
    // Window [10 s, 20 s): an early pane over 2 records at 15 s, the final one over 3 at 26 s. Window
    // [20 s, 30 s) closes after the sending (not measured); [0 s, 10 s) opened before it (not measured).
    fs.writeFileSync(
      file,
      [
        result(10_000, 0, false, 2, 15_000),
        result(10_000, 1, true, 3, 26_000),
        result(20_000, 0, true, 1, 36_000),
        result(0, 0, true, 1, 16_000),
      ].join("\n"),
    );
    const eventTimes = Float64Array.from([9_000, 11_000, 12_000, 18_000, 21_000]);
    const measured = windowedLatencies(file, eventTimes, 10_000, {
      firstEventMs: 9_000,
      closesBeforeMs: 25_000,
    });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.strictEqual(measured.windows, 1);
    // Requests at 11, 12 s: first in the early pane (4, 3 s), 18 s: first in the final pane (8 s).
    assert.deepStrictEqual(measured.firstPane, { count: 3, p5: 3, p25: 3, p50: 4, p75: 8, p95: 8, max: 8 });
    // Final pane at 26 s: 15, 14, 8 s.
    assert.deepStrictEqual(measured.finalPane, {
      count: 3,
      p5: 8,
      p25: 8,
      p50: 14,
      p75: 15,
      p95: 15,
      max: 15,
    });
  });
});
