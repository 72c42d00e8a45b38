import * as fs from "fs";
import { isJsonObject, jsonSyntaxProblem } from "../../../transforms/parse/json_text";
import { isOverlong, overlongDetail } from "../../../transforms/io/read_lines";
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
  for (const numbered of nonBlankLines(file, onProgress)) {
    const where = `${file}:${numbered.line}`;
    if (isOverlong(numbered)) {
      yield { kind: "bad", where, reason: overlongDetail(numbered) };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(numbered.text);
    } catch (error) {
      yield { kind: "bad", where, reason: jsonSyntaxProblem(error) };
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
