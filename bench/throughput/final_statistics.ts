import * as fs from "fs";
import type { StatisticsRecord } from "../../transforms/statistics/beam/statistics_record";

/** Each (feature, window)'s complete statistics record, keyed `feature@windowStart`. */
export type FinalStatistics = Map<string, StatisticsRecord>;

/**
 * The complete record of each (feature, window) in a statistics.jsonl: the
 * `final` pane; for a key without one, the last record written (the SDK's
 * stock direct runner labels no pane final, and panes accumulate, so the last
 * is the most complete).
 */
export function finalStatistics(statisticsFile: string): FinalStatistics {
  const finals: FinalStatistics = new Map();
  const text = fs.readFileSync(statisticsFile, "utf8");
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const record = JSON.parse(line) as StatisticsRecord;
    const key = `${record.feature}@${record.window.start}`;
    if (!finals.get(key)?.pane.final) finals.set(key, record);
  }
  return finals;
}

export interface StatisticsComparison {
  /** Each entry names the key and field. */
  differences: string[];
  /** Records whose quantiles were not compared: their sketch had compacted (quantileRankError > 0). */
  compactedQuantiles: number;
}

/**
 * Where two sets of final statistics differ, ignoring the pane label and
 * `emittedAt`. Numbers compare within `relativeTolerance` · max(1, |a|, |b|),
 * because a runner that merges partial accumulators sums in another order
 * than a single pass. Quantiles (and the IQR) compare only while the KLL
 * sketch is exact (at most k values, quantileRankError 0): past that its
 * compactions depend on how the values were split into partial sketches and
 * merged, so two correct runs may report different values within the rank
 * error.
 */
export function statisticsDifferences(
  expected: FinalStatistics,
  actual: FinalStatistics,
  relativeTolerance: number,
): StatisticsComparison {
  const differences: string[] = [];
  let compactedQuantiles = 0;
  for (const key of expected.keys()) if (!actual.has(key)) differences.push(`${key}: missing`);
  for (const key of actual.keys()) if (!expected.has(key)) differences.push(`${key}: not expected`);
  for (const [key, record] of expected) {
    const other = actual.get(key);
    if (other === undefined) continue;
    const { pane: _pane, emittedAt: _emittedAt, ...fields } = record;
    const { pane: _otherPane, emittedAt: _otherEmittedAt, ...otherFields } = other;
    if (sketchCompacted(record) || sketchCompacted(other)) {
      compactedQuantiles += 1;
      for (const sketched of [fields, otherFields] as Record<string, unknown>[]) {
        delete sketched.quantiles;
        delete sketched.iqr;
      }
    }
    compare(fields, otherFields, key, relativeTolerance, differences);
  }
  return { differences, compactedQuantiles };
}

const sketchCompacted = (record: StatisticsRecord) =>
  record.type === "numerical" && record.quantileRankError !== undefined && record.quantileRankError > 0;

function compare(a: unknown, b: unknown, where: string, tolerance: number, differences: string[]): void {
  if (typeof a === "number" && typeof b === "number") {
    if (a !== b && !(Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b))))
      differences.push(`${where}: ${a} vs ${b}`);
    return;
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    if (a !== b) differences.push(`${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    return;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    differences.push(`${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    return;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const field of new Set([...Object.keys(left), ...Object.keys(right)]))
    compare(left[field], right[field], `${where}.${field}`, tolerance, differences);
}
