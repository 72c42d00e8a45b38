import * as fs from "fs";
import * as path from "path";
import { RESULT_KINDS, type ResultKind } from "../pipelines/spec/schema";
import type { PaneLabel, WindowInterval } from "../transforms/io/results";

/** The fields of the job's result records that the report reads (README "Statistics records", "Outliers, drift and alerts"). */
export interface WindowedRecord {
  kind: ResultKind;
  model: string;
  feature: string;
  window: WindowInterval;
  pane: PaneLabel;
}

export interface StatisticsRecord extends WindowedRecord {
  kind: "statistics";
  type: "numerical" | "categorical" | "correlation";
  count?: number;
  missing?: number;
  mean?: number | null;
  quantiles?: Record<string, number> | null;
  histogram?: { edges: number[]; counts: number[]; underflow: number; overflow: number } | null;
  frequencies?: Record<string, number>;
}

export interface DriftRecord extends WindowedRecord {
  kind: "drift";
  metric: string;
  value: number | null;
  /** Tests only; `adjustedPValue` after the spec's multiple-testing correction. */
  pValue?: number | null;
  adjustedPValue?: number | null;
  threshold: number;
  /** What decided at the window's size (absent in results written before it existed: `threshold`). */
  effectiveThreshold?: number;
  drifted: boolean | null;
}

export interface AlertRecord extends WindowedRecord {
  kind: "alert";
  rule: string;
  severity: string;
  continuing: boolean;
  evidence: { metric: string; value: number | null; threshold: number };
}

export interface OutlierRecord {
  kind: "outlier";
  model: string;
  feature: string;
  method: string;
  eventTimeMs: number;
}

export interface DeadLetterRecord {
  kind: "deadletter";
  reason: string;
}

export interface MonitorResults {
  statistics: StatisticsRecord[];
  drift: DriftRecord[];
  alert: AlertRecord[];
  outlier: OutlierRecord[];
  deadletter: DeadLetterRecord[];
}

/**
 * Reads result records from a file sink's folder (`<dir>/<kind>.jsonl`) or from
 * JSON-lines files, sorting each record by its `kind` field, so files named
 * anything (a Kafka topic dumped with kcat) work too.
 */
export function readMonitorResults(inputs: readonly string[]): MonitorResults {
  const results: MonitorResults = { statistics: [], drift: [], alert: [], outlier: [], deadletter: [] };
  for (const file of inputs.flatMap(resultFilesOf)) {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.forEach((line, index) => {
      if (line.trim().length === 0) return;
      let record: { kind?: unknown };
      try {
        record = JSON.parse(line) as { kind?: unknown };
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not a JSON result record: ${(error as Error).message}`);
      }
      const kind = record.kind as ResultKind;
      if (!RESULT_KINDS.includes(kind)) {
        throw new Error(
          `${file}:${index + 1}: "kind" is ${JSON.stringify(record.kind)}, not one of ${RESULT_KINDS.join(", ")}`,
        );
      }
      (results[kind] as unknown[]).push(record);
    });
  }
  return results;
}

function resultFilesOf(input: string): string[] {
  if (!fs.existsSync(input)) throw new Error(`${input}: no such results folder or file`);
  if (!fs.statSync(input).isDirectory()) return [input];
  const files = RESULT_KINDS.map((kind) => path.join(input, `${kind}.jsonl`)).filter((file) =>
    fs.existsSync(file),
  );
  if (files.length === 0) {
    throw new Error(
      `${input}: no result files (${RESULT_KINDS.map((k) => `${k}.jsonl`).join(", ")}) in this folder`,
    );
  }
  return files;
}

/**
 * Keeps one record per key: the latest pane (highest pane index) of each
 * window. Panes accumulate, so the latest restates the whole window.
 */
export function latestPanes<T extends WindowedRecord>(
  records: readonly T[],
  key: (record: T) => string,
): T[] {
  const latest = new Map<string, T>();
  for (const record of records) {
    const id = `${key(record)}|${record.window.start}|${record.window.end}`;
    const seen = latest.get(id);
    if (seen === undefined || record.pane.index > seen.pane.index) latest.set(id, record);
  }
  return [...latest.values()].sort((a, b) => Date.parse(a.window.start) - Date.parse(b.window.start));
}
