/**
 * Durations in the spec are strings with a unit, like "15s", "500ms", "2m",
 * "1h", so that a reader never has to guess whether 15 means seconds or
 * milliseconds. Compound forms ("1m30s") are accepted.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/** Milliseconds in a duration string, or undefined when it is not one. */
export function parseDurationMs(text: string): number | undefined {
  const compact = text.trim();
  if (!WHOLE.test(compact)) return undefined;
  let totalMs = 0;
  for (const [, amount, unit] of compact.matchAll(PART)) totalMs += Number(amount) * UNIT_MS[unit];
  return Math.round(totalMs);
}

/** "15000" ms back to the shortest exact string, e.g. "15s", for messages and reports. */
export function formatDurationMs(durationMs: number): string {
  for (const unit of ["d", "h", "m", "s"]) {
    if (durationMs !== 0 && durationMs % UNIT_MS[unit] === 0) return `${durationMs / UNIT_MS[unit]}${unit}`;
  }
  return `${durationMs}ms`;
}
