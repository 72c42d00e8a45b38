export const TRAINING_DATA_FORMATS = ["csv", "jsonl", "parquet"] as const;
export type TrainingDataFormat = (typeof TRAINING_DATA_FORMATS)[number];

/** A data row: its fields by column name (CSV header, JSON key, Parquet column); null or absent is missing. */
export interface TrainingRow {
  kind: "row";
  /** Where the row is, for messages: "training.csv:12" or "training.parquet: row 12". */
  where: string;
  fields: Readonly<Record<string, unknown>>;
}

/** A row that cannot be read at all (wrong field count, not JSON); a bad value in a good row is found later. */
export interface BadTrainingRow {
  kind: "bad";
  where: string;
  reason: string;
}

export type TrainingRecord = TrainingRow | BadTrainingRow;

/**
 * A training data file opened for reading, any number of times: the baseline
 * job makes two passes (sketches, then histograms on edges from the sketches).
 */
export interface TrainingData {
  readonly file: string;
  readonly format: TrainingDataFormat;
  /** The columns the file declares (CSV header, Parquet schema); undefined for JSON lines, where each row names its own. */
  readonly columns: readonly string[] | undefined;
  /** The length of one pass in progress units: bytes for CSV and JSON lines, rows for Parquet. */
  readonly size: number;
  /** One pass over the rows, from the first. */
  records(options: RecordsOptions): AsyncIterable<TrainingRecord>;
}

export interface RecordsOptions {
  /** The columns the caller reads; a columnar format decodes only these (a row's other fields may be absent). */
  columns?: readonly string[];
  /** Called with the progress units (see `size`) read so far. */
  onProgress?: (done: number) => void;
}
