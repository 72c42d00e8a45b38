/**
 * The watermarks of a running pipeline. Only sources and side-input
 * pushbacks hold watermarks back ("holders"); every other transform passes its
 * input watermark on, so a PCollection's watermark is the minimum over the
 * holders upstream of it (computed once from the graph, see
 * plan/watermark_holders.ts). GroupByKeys fire synchronously when their input
 * watermark passes a window's end, in topological order within the bundle, so
 * they need no holds of their own.
 */
export class WatermarkBoard {
  private readonly holders = new Map<string, () => number>();

  constructor(private readonly holdersOf: ReadonlyMap<string, readonly string[]>) {}

  /** A holder's current output watermark, read whenever a downstream watermark is computed. */
  registerHolder(transformId: string, watermarkMs: () => number): void {
    this.holders.set(transformId, watermarkMs);
  }

  watermarkOf(pcollectionId: string): number {
    let minimumMs = Infinity;
    for (const holderId of this.holdersOf.get(pcollectionId) ?? []) {
      const holder = this.holders.get(holderId);
      if (holder === undefined) throw new Error(`watermark holder ${holderId} was never started`);
      minimumMs = Math.min(minimumMs, holder());
    }
    return minimumMs;
  }
}
