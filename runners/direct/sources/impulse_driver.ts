import type { Clock } from "../clock";
import type { SourceBundle, SourceDriver } from "./source_driver";

/** Beam's Impulse as a source: one empty byte array at the minimum timestamp, then the end (+∞). */
export class ImpulseDriver implements SourceDriver {
  constructor(private readonly clock: Clock) {}

  async nextBundle(): Promise<SourceBundle> {
    return {
      elements: [{ element: new Uint8Array() }],
      arrivalTimeMs: this.clock.nowMs(),
      watermarkMs: Infinity,
      exhausted: true,
    };
  }

  async close(): Promise<void> {}
}
