import * as assert from "assert";
import { formatDurationMs, parseDurationMs } from "../../pipelines/spec/duration";

describe("spec durations", () => {
  it("reads each unit", () => {
    assert.strictEqual(parseDurationMs("500ms"), 500);
    assert.strictEqual(parseDurationMs("15s"), 15_000);
    assert.strictEqual(parseDurationMs("2m"), 120_000);
    assert.strictEqual(parseDurationMs("1h"), 3_600_000);
    assert.strictEqual(parseDurationMs("1d"), 86_400_000);
    assert.strictEqual(parseDurationMs("0s"), 0);
  });

  it("reads fractions and compound durations", () => {
    assert.strictEqual(parseDurationMs("1.5s"), 1500);
    assert.strictEqual(parseDurationMs("1m30s"), 90_000);
    assert.strictEqual(parseDurationMs("1h2m3s4ms"), 3_723_004);
  });

  it("rejects what is not a duration", () => {
    for (const bad of ["15", "s", "15 s", "-5s", "15sec", "", "1m 30s", "abc"]) {
      assert.strictEqual(parseDurationMs(bad), undefined, bad);
    }
  });

  it("formats milliseconds back to the largest exact unit", () => {
    assert.strictEqual(formatDurationMs(15_000), "15s");
    assert.strictEqual(formatDurationMs(120_000), "2m");
    assert.strictEqual(formatDurationMs(1500), "1500ms");
    assert.strictEqual(formatDurationMs(0), "0ms");
  });
});
