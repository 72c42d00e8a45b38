import type { Clock } from "../clock";
import type { SourceBundle, SourceDriver } from "./source_driver";

/** Beam's Impulse as a source: one empty byte array at the minimum timestamp, then the end (+∞). */
export class ImpulseDriver implements SourceDriver {
  /** Restored from a checkpoint taken after the impulse: it is not emitted again. */
  private emitted = false;

  constructor(private readonly clock: Clock) {}

  async nextBundle(): Promise<SourceBundle> {
    const elements = this.emitted ? [] : [{ element: new Uint8Array() }];
    this.emitted = true;
    return { elements, arrivalTimeMs: this.clock.nowMs(), watermarkMs: Infinity, exhausted: true };
  }

  position(): unknown {
    return { emitted: this.emitted };
  }

  restorePosition(position: unknown): void {
    this.emitted = (position as { emitted: boolean }).emitted;
  }

  async close(): Promise<void> {}
}
