import * as fs from "fs";
import { isJsonObject } from "../../../transforms/parse/json_text";
import { nonBlankLines } from "./text_lines";
import { TrainingData, TrainingRecord } from "./training_data";

/** JSON lines: one object per line, its keys the column names; a key that is absent or null is a missing value. */
export function openJsonLines(file: string): TrainingData {
  return {
    file,
    format: "jsonl",
    columns: undefined,
    size: fs.statSync(file).size,
    records: ({ onProgress }) => jsonLinesRecords(file, onProgress),
  };
}

async function* jsonLinesRecords(
  file: string,
  onProgress?: (bytesRead: number) => void,
): AsyncGenerator<TrainingRecord> {
  for (const { text, line } of nonBlankLines(file, onProgress)) {
    const where = `${file}:${line}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { kind: "bad", where, reason: `not JSON: ${(error as Error).message}` };
      continue;
    }
    if (isJsonObject(value)) {
      yield { kind: "row", where, fields: value };
    } else {
      const found = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
      yield { kind: "bad", where, reason: `${found}, not a JSON object {"<column>": <value>, …}` };
    }
  }
}
