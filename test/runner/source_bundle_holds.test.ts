import * as assert from "assert";
import { bufferedValues } from "../../runners/direct/aggregation/pane_contents";
import { WindowedAggregation } from "../../runners/direct/aggregation/windowed_aggregation";
import { PartitionWatermarks } from "../../runners/direct/sources/partition_watermarks";
import { defaultTrigger } from "../../runners/direct/triggers/watermark_triggers";

describe("source-bundle holds (what a Kafka source may commit)", () => {
  it("a window holds the oldest source bundle in its contents until its final pane, which carries it downstream", async () => {
    const emitted: { window: string; values: number[]; sourceBundle: number }[] = [];
    const aggregation = new WindowedAggregation<string, string, number, number[]>(
      {
        trigger: defaultTrigger(),
        accumulating: true,
        allowedLatenessMs: 0,
        emptyOnTimePane: false,
        emptyFinalPane: false,
      },
      () => bufferedValues<number>(),
      (_key, window, values, _pane, sourceBundle) => {
        emitted.push({ window, values, sourceBundle });
        return null;
      },
      () => assert.fail("nothing is late here"),
    );
    // Window A = [0, 10) gets data from bundles 2 and 0, window B = [10, 20) from bundle 1.
    aggregation.add("A", "k", "A", 9, 1, 0, 2);
    aggregation.add("B", "k", "B", 19, 2, 0, 1);
    aggregation.add("A", "k", "A", 9, 3, 0, 0);
    assert.strictEqual(aggregation.oldestHeldSourceBundle(), 0);

    await aggregation.advance(10, 0); // A's final pane; B still open
    assert.deepStrictEqual(emitted, [{ window: "A", values: [1, 3], sourceBundle: 0 }]);
    assert.strictEqual(aggregation.oldestHeldSourceBundle(), 1);

    await aggregation.advance(20, 0);
    assert.deepStrictEqual(emitted[1], { window: "B", values: [2], sourceBundle: 1 });
    assert.strictEqual(aggregation.oldestHeldSourceBundle(), Infinity);
  });

  it("a revoked partition stops holding the watermark, which never moves back when it returns", () => {
    const watermarks = new PartitionWatermarks(60_000);
    watermarks.observe("t/0", 1000, 0);
    watermarks.observe("t/1", 5000, 0);
    assert.strictEqual(watermarks.watermarkMs(0), 1000);
    watermarks.removePartition("t/0");
    assert.strictEqual(watermarks.watermarkMs(0), 5000);
    watermarks.addPartition("t/0", 0); // assigned again, no record yet: −∞, but the watermark stays
    assert.strictEqual(watermarks.watermarkMs(0), 5000);
    watermarks.observe("t/0", 7000, 0);
    watermarks.observe("t/1", 9000, 0);
    assert.strictEqual(watermarks.watermarkMs(0), 7000);
  });
});
