import type { FeatureSpec } from "../spec/schema";
import { expectParseProblem } from "../../transforms/parse/dead_letter";
import type { FeatureValue } from "../../transforms/parse/inference_record";
import { featureRow } from "./feature_row";
import { BadTrainingRow, TrainingData } from "./readers";

export interface PassCounts {
  /** Rows whose every profiled value fits its feature. */
  rows: number;
  badRows: number;
  firstBadRow: BadTrainingRow | undefined;
}

export interface PassOptions {
  onBadRow?: (row: BadTrainingRow) => void;
  onProgress?: (done: number) => void;
}

/**
 * One pass over the training data: `onRow` gets each good row's values (in
 * the order of `columns`) and its raw fields. A row is bad when the reader
 * cannot read it or one of its values does not fit its feature (e.g. text in
 * a numerical column); bad rows are counted and passed to `onBadRow`, never
 * fatal, and none of their values is used.
 */
export async function readRows(
  data: TrainingData,
  columns: readonly FeatureSpec[],
  onRow: (values: FeatureValue[], fields: Readonly<Record<string, unknown>>) => void,
  options: PassOptions,
): Promise<PassCounts> {
  const counts: PassCounts = { rows: 0, badRows: 0, firstBadRow: undefined };
  const bad = (row: BadTrainingRow) => {
    counts.badRows += 1;
    counts.firstBadRow ??= row;
    options.onBadRow?.(row);
  };
  const names = columns.map((column) => column.name);
  for await (const record of data.records({ columns: names, onProgress: options.onProgress })) {
    if (record.kind === "bad") {
      bad(record);
      continue;
    }
    let values: FeatureValue[];
    try {
      values = featureRow(columns, record.fields);
    } catch (error) {
      bad({ kind: "bad", where: record.where, reason: expectParseProblem(error).detail });
      continue;
    }
    counts.rows += 1;
    onRow(values, record.fields);
  }
  return counts;
}
