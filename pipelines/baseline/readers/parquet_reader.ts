import {
  AsyncBuffer,
  FileMetaData,
  asyncBufferFromFile,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
} from "hyparquet";
import { RecordsOptions, TrainingData, TrainingRecord } from "./training_data";

// hyparquet's Node entry point, which `require` reaches through its exports
// map, adds asyncBufferFromFile; TypeScript's node10 resolution reads only the
// package's platform-neutral typings, so the function is declared here.
declare module "hyparquet" {
  /** Reads byte ranges of a local file on demand: a pass holds one row group in memory, not the file. */
  function asyncBufferFromFile(filename: string): Promise<AsyncBuffer>;
}

/**
 * A Parquet file, read one row group at a time with hyparquet. Columns are
 * the schema's top-level fields; a null is a missing value. INT64 values
 * arrive as bigint and become their decimal text, which a numerical feature
 * reads as a number (like a CSV cell) and a categorical one keeps exactly.
 * Only the columns asked for are decoded. Progress counts rows; a row's
 * place in messages is its 1-based row number.
 */
export async function openParquet(file: string): Promise<TrainingData> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  return {
    file,
    format: "parquet",
    columns: parquetSchema(metadata).children.map((column) => column.element.name),
    size: Number(metadata.num_rows),
    records: (options) => parquetRecords(file, buffer, metadata, options),
  };
}

async function* parquetRecords(
  file: string,
  buffer: AsyncBuffer,
  metadata: FileMetaData,
  { columns, onProgress }: RecordsOptions,
): AsyncGenerator<TrainingRecord> {
  let rowStart = 0;
  for (const rowGroup of metadata.row_groups) {
    const rowEnd = rowStart + Number(rowGroup.num_rows);
    const rows = await parquetReadObjects({
      file: buffer,
      metadata,
      columns: columns && [...columns],
      rowStart,
      rowEnd,
      rowFormat: "object",
    });
    for (const [i, row] of rows.entries()) {
      const fields = Object.fromEntries(
        Object.entries(row).map(([column, value]) => [
          column,
          typeof value === "bigint" ? String(value) : value,
        ]),
      );
      onProgress?.(rowStart + i + 1);
      yield { kind: "row", where: `${file}: row ${rowStart + i + 1}`, fields };
    }
    rowStart = rowEnd;
  }
}
