/**
 * The runner's processing-time clock. Live runs use the wall clock; a
 * testStream drives a simulated one, so processing-time triggers (early and
 * late firings) are deterministic in tests.
 */
export interface Clock {
  nowMs(): number;
  /** Resolves once the clock reads at least `timeMs` (a simulated clock just jumps there). */
  sleepUntil(timeMs: number): Promise<void>;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  sleepUntil: (timeMs) => new Promise((resolve) => setTimeout(resolve, Math.max(0, timeMs - Date.now()))),
};

/** A clock that only moves when told to, and never backwards. */
export class SimulatedClock implements Clock {
  constructor(private currentMs = 0) {}

  nowMs(): number {
    return this.currentMs;
  }

  advanceTo(timeMs: number): void {
    if (timeMs < this.currentMs) {
      throw new Error(`the processing-time clock cannot move back from ${this.currentMs} to ${timeMs}`);
    }
    this.currentMs = timeMs;
  }

  async sleepUntil(timeMs: number): Promise<void> {
    this.advanceTo(Math.max(timeMs, this.currentMs));
  }
}
