import * as path from "path";
import { BaselineDataError } from "../baseline_data_error";
import { openCsv } from "./csv_reader";
import { openJsonLines } from "./json_lines_reader";
import { openParquet } from "./parquet_reader";
import { TRAINING_DATA_FORMATS, TrainingData, TrainingDataFormat } from "./training_data";

export * from "./training_data";

/** The format a file name's extension stands for. */
const FORMAT_OF_EXTENSION: Record<string, TrainingDataFormat> = {
  ".csv": "csv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".parquet": "parquet",
  ".pq": "parquet",
};

/** Opens training data in the given format, or in the one its extension names (.csv, .jsonl/.ndjson, .parquet/.pq). */
export async function openTrainingData(file: string, format?: TrainingDataFormat): Promise<TrainingData> {
  const chosen = format ?? FORMAT_OF_EXTENSION[path.extname(file).toLowerCase()];
  if (chosen === undefined) {
    throw new BaselineDataError(
      `${file}: cannot tell the format from the extension; name it with --format (${TRAINING_DATA_FORMATS.join(", ")})`,
    );
  }
  try {
    if (chosen === "csv") return openCsv(file);
    if (chosen === "jsonl") return openJsonLines(file);
    return await openParquet(file);
  } catch (error) {
    if (error instanceof BaselineDataError) throw error;
    throw new BaselineDataError(`${file}: cannot read it as ${chosen}: ${(error as Error).message}`);
  }
}
