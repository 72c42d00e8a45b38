import type { SimulatedClock } from "../clock";
import { PartitionWatermarks } from "./partition_watermarks";
import type { BundleLimits, SourceBundle, SourceDriver, TimestampedElement } from "./source_driver";
import {
  TestStreamScriptError,
  type TestStreamStep,
  testStreamSteps,
} from "../../../transforms/io/sources/test_stream_script";

/**
 * Plays a testStream script (see test_stream_script.ts). Events accumulate
 * into a bundle until a control line, which ends it: the bundle's elements
 * arrive at the processing time before that line, and the line's watermark or
 * clock advance takes effect at the bundle's end. The watermark is the larger
 * of the last `watermarkMs` and the partition watermarks (largest event
 * timestamp per partition, minimum over partitions, idle partitions excused),
 * the policy of the Kafka source; the end of the script is +∞.
 */
export class TestStreamDriver implements SourceDriver {
  private readonly steps: Iterator<TestStreamStep>;
  private readonly partitions: PartitionWatermarks;
  private explicitWatermarkMs = -Infinity;

  constructor(
    private readonly file: string,
    private readonly clock: SimulatedClock,
    idleTimeoutMs: number,
  ) {
    this.steps = testStreamSteps(file);
    this.partitions = new PartitionWatermarks(idleTimeoutMs);
  }

  async nextBundle({ maxElements }: BundleLimits): Promise<SourceBundle> {
    const arrivalTimeMs = this.clock.nowMs();
    const elements: TimestampedElement[] = [];
    while (elements.length < maxElements) {
      const next = this.steps.next();
      if (next.done) return { elements, arrivalTimeMs, watermarkMs: Infinity, exhausted: true };
      const step = next.value;
      if (step.kind === "event") {
        this.partitions.observe(step.partition, step.timestampMs, arrivalTimeMs);
        elements.push({ element: step.event, timestampMs: step.timestampMs });
        continue;
      }
      this.apply(step);
      break;
    }
    const watermarkMs = Math.max(this.partitions.watermarkMs(this.clock.nowMs()), this.explicitWatermarkMs);
    return { elements, arrivalTimeMs, watermarkMs, exhausted: false };
  }

  async close(): Promise<void> {}

  private apply(step: Exclude<TestStreamStep, { kind: "event" }>): void {
    if (step.kind === "watermark") {
      if (step.watermarkMs < this.explicitWatermarkMs) {
        throw new TestStreamScriptError(
          this.file,
          step.line,
          `watermarkMs ${step.watermarkMs} is behind the previous ${this.explicitWatermarkMs}`,
        );
      }
      this.explicitWatermarkMs = step.watermarkMs;
    } else {
      if (step.processingTimeMs < this.clock.nowMs()) {
        throw new TestStreamScriptError(
          this.file,
          step.line,
          `processingTimeMs ${step.processingTimeMs} is behind the clock's ${this.clock.nowMs()}`,
        );
      }
      this.clock.advanceTo(step.processingTimeMs);
    }
  }
}
