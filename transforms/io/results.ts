import type { ResultKind } from "../../pipelines/spec/schema";

/** The event-time interval a windowed result describes, as ISO-8601 instants (end exclusive). */
export interface WindowInterval {
  start: string;
  end: string;
}

/**
 * Which firing of its window a result is. Panes accumulate by default, so
 * each restates the whole window and the one with `final: true` is complete.
 */
export interface PaneLabel {
  timing: "EARLY" | "ON_TIME" | "LATE" | "UNKNOWN";
  index: number;
  final: boolean;
}

/** What every emitted result has: a kind to route it by and the time it left the job. */
export interface MonitorResult {
  kind: ResultKind;
  emittedAt: string;
}

export function windowInterval(startMs: number, endMs: number): WindowInterval {
  return { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
}
