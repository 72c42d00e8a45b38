import * as assert from "assert";
import { TopicReadProgress } from "../support/kafka_topics";

describe("TopicReadProgress (the topic reader's bookkeeping)", () => {
  it("completes once every partition reached its end offset, counting a redelivered record once", () => {
    const progress = new TopicReadProgress<string>([
      { topic: "t", partition: 0, startOffset: "0", endOffset: "3" },
      { topic: "t", partition: 1, startOffset: "0", endOffset: "2" },
    ]);
    for (const offset of ["0", "1", "2"]) progress.add("t", 0, offset, `p0@${offset}`);
    progress.add("t", 1, "0", "p1@0");
    assert.strictEqual(progress.complete(), false);
    // A rebalance: partition 1 resumes at its committed offset 0 and delivers offset 0 again.
    progress.add("t", 1, "0", "p1@0 again");
    progress.add("t", 1, "1", "p1@1");
    assert.strictEqual(progress.complete(), true);
    assert.deepStrictEqual(progress.records(), ["p0@0", "p0@1", "p0@2", "p1@0 again", "p1@1"]);
  });

  it("leaves out records written after reading began, and starts at the log start offset", () => {
    // Partition 0's first two records were deleted (log start 2); the high watermark was 4 when reading began.
    const progress = new TopicReadProgress<string>([
      { topic: "t", partition: 0, startOffset: "2", endOffset: "4" },
    ]);
    progress.add("t", 0, "2", "a");
    progress.add("t", 0, "3", "b");
    progress.add("t", 0, "4", "written later");
    assert.strictEqual(progress.complete(), true);
    assert.deepStrictEqual(progress.records(), ["a", "b"]);
  });

  it("is complete at once for empty partitions", () => {
    const progress = new TopicReadProgress<string>([
      { topic: "t", partition: 0, startOffset: "5", endOffset: "5" },
    ]);
    assert.strictEqual(progress.complete(), true);
    assert.deepStrictEqual(progress.records(), []);
  });
});
