/** The fields every windowed result carries that say which result a pane restates. */
export interface WindowedResult {
  kind: string;
  model?: string;
  feature?: string;
  window: { start: string; end: string };
  pane: { timing: string; index: number; final: boolean };
  /** drift: one result per metric; alert: per rule and metric. */
  metric?: string;
  rule?: string;
  evidence?: { metric?: string };
  segment?: unknown;
}

/** What identifies one windowed result across its panes: kind, model, feature, window, and metric or rule. */
export function resultKey(record: WindowedResult): string {
  return JSON.stringify([
    record.kind,
    record.model,
    record.feature,
    record.window.start,
    record.window.end,
    record.metric ?? record.evidence?.metric,
    record.rule,
    record.segment,
  ]);
}

/**
 * The results as a consumer following the README keeps them: per result key,
 * the pane read last (records in the order they were written or consumed —
 * not the largest, not the final flag's maximum). Non-windowed records
 * (outliers, dead letters) are not included.
 */
export function latestPanes<R extends WindowedResult>(records: Iterable<R>): Map<string, R> {
  const latest = new Map<string, R>();
  for (const record of records) if (record.window !== undefined) latest.set(resultKey(record), record);
  return latest;
}
