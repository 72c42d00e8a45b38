import * as fs from "fs";
import { parse } from "csv-parse/sync";
import { BaselineDataError } from "../baseline_data_error";
import { isOverlong, overlongDetail } from "../../../transforms/io/read_lines";
import { nonBlankLines } from "./text_lines";
import { TrainingData, TrainingRecord } from "./training_data";

/** Fields are trimmed of surrounding blanks; the field count is checked against the header here, per line. */
const LINE_OPTIONS = { trim: true, relax_column_count: true } as const;

/**
 * A CSV file with a header line naming the columns. An empty field is a
 * missing value.
 *
 * Records are lines: csv-parse (RFC 4180: quoted fields, "" escapes) parses
 * each line on its own, so a quoted field cannot span lines. That is what
 * keeps a corrupted line a single bad row: parsing the file as one stream, a
 * stray quote opens a field that swallows every line after it (csv-parse then
 * reports one unclosed quote at the end of the file). Training data exported
 * from a data frame has no line breaks inside fields.
 */
export function openCsv(file: string): TrainingData {
  const header = readHeader(file);
  const size = fs.statSync(file).size;
  return {
    file,
    format: "csv",
    columns: header,
    size,
    records: ({ onProgress }) => csvRecords(file, header, onProgress),
  };
}

/**
 * The fields of one line, or why it is not CSV. A line without quotes is
 * split on commas directly, which gives what csv-parse gives for it in
 * ~0.1 µs instead of ~15 µs (a 10-field line); quoted lines go through
 * csv-parse.
 */
function lineFields(text: string): string[] | { problem: string } {
  if (!text.includes('"')) return text.split(",").map((field) => field.trim());
  try {
    const records: string[][] = parse(text, LINE_OPTIONS);
    return records[0] ?? [];
  } catch (error) {
    // csv-parse counts lines within the text it was given: always "line 1" here.
    return { problem: (error as Error).message.replace(/ at line \d+/, "") };
  }
}

function readHeader(file: string): string[] {
  for (const numbered of nonBlankLines(file)) {
    const { line } = numbered;
    if (isOverlong(numbered)) throw new BaselineDataError(`${file}: the header ${overlongDetail(numbered)}`);
    const header = lineFields(numbered.text.replace(/^\uFEFF/, ""));
    if (!Array.isArray(header)) {
      throw new BaselineDataError(`${file}:${line}: the header line is not CSV: ${header.problem}`);
    }
    const repeated = header.find((column, i) => header.indexOf(column) !== i);
    if (repeated !== undefined) {
      throw new BaselineDataError(`${file}:${line}: column "${repeated}" appears twice in the header`);
    }
    return header;
  }
  throw new BaselineDataError(
    `${file}: empty: a CSV training file starts with a header line naming its columns`,
  );
}

async function* csvRecords(
  file: string,
  header: readonly string[],
  onProgress?: (bytesRead: number) => void,
): AsyncGenerator<TrainingRecord> {
  let headerSkipped = false;
  for (const numbered of nonBlankLines(file, onProgress)) {
    if (!headerSkipped) {
      headerSkipped = true;
      continue;
    }
    const where = `${file}:${numbered.line}`;
    if (isOverlong(numbered)) {
      yield { kind: "bad", where, reason: overlongDetail(numbered) };
      continue;
    }
    const fields = lineFields(numbered.text);
    if (!Array.isArray(fields)) {
      yield { kind: "bad", where, reason: `not CSV: ${fields.problem}` };
    } else if (fields.length !== header.length) {
      yield { kind: "bad", where, reason: `${fields.length} fields, but the header has ${header.length}` };
    } else {
      const row = Object.fromEntries(
        header.map((column, i) => [column, fields[i] === "" ? null : fields[i]]),
      );
      yield { kind: "row", where, fields: row };
    }
  }
}
