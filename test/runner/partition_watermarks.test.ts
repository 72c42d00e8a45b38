import * as assert from "assert";
import { PartitionWatermarks } from "../../runners/direct/sources/partition_watermarks";

describe("PartitionWatermarks (KafkaIO's CreateTime policy, no delay)", () => {
  it("is −∞ with no partition, then the largest record timestamp of the slowest partition", () => {
    const watermarks = new PartitionWatermarks(60_000);
    assert.strictEqual(watermarks.watermarkMs(0), -Infinity);
    watermarks.addPartition("t/0", 0);
    watermarks.addPartition("t/1", 0);
    watermarks.observe("t/0", 5000, 0);
    assert.strictEqual(watermarks.watermarkMs(0), -Infinity, "t/1 has no record yet");
    watermarks.observe("t/1", 3000, 0);
    assert.strictEqual(watermarks.watermarkMs(0), 3000);
    watermarks.observe("t/1", 7000, 0);
    watermarks.observe("t/1", 6000, 0);
    assert.strictEqual(watermarks.watermarkMs(0), 5000, "min(5000, max(3000, 7000, 6000))");
  });

  it("stops holding the watermark back for a partition idle for the timeout: it counts as max(largest timestamp, now)", () => {
    const watermarks = new PartitionWatermarks(30_000);
    watermarks.observe("t/0", 1000, 0);
    watermarks.observe("t/1", 40_000, 20_000);
    assert.strictEqual(watermarks.watermarkMs(29_999), 1000, "t/0 silent for 29 999 ms: not idle yet");
    assert.strictEqual(
      watermarks.watermarkMs(30_000),
      30_000,
      "t/0 idle: now (30 000) is below t/1's 40 000",
    );
    assert.strictEqual(watermarks.watermarkMs(49_999), 40_000, "t/1 (last record at 20 000) is not idle yet");
    assert.strictEqual(watermarks.watermarkMs(50_000), 50_000, "both idle: the clock");
  });

  it("never moves backwards, even when an idle partition wakes up with older records", () => {
    const watermarks = new PartitionWatermarks(10_000);
    watermarks.observe("t/0", 1000, 0);
    assert.strictEqual(watermarks.watermarkMs(25_000), 25_000);
    watermarks.observe("t/0", 2000, 25_000);
    assert.strictEqual(watermarks.watermarkMs(25_000), 25_000);
  });
});
