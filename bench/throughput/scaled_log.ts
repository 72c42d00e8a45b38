import * as fs from "fs";
import { isOverlong, overlongDetail, readLines } from "../../transforms/io/read_lines";

/** A kcat -C -J record, the recorded log's line form, as far as copying it needs. */
interface KcatLine {
  offset: number;
  ts: number;
  headers: (string | null)[];
}

/** Lines written per write call, so the copy never holds the whole scaled log in memory. */
const LINES_PER_WRITE = 10_000;

/**
 * Writes `copies` copies of a recorded kcat log, one after the other, to
 * `target`: copy c has every record timestamp (`ts`, and the `ce_time`
 * header) moved c·shift later, `-c` appended to its `ce_id` (so request ids
 * stay unique) and its offsets continued. The shift is the log's span in
 * whole windows, so each copy lands in windows of its own with the same
 * per-window contents and the same out-of-order records as the original.
 * Returns the shift in ms.
 */
export function writeScaledLog(source: string, copies: number, windowSizeMs: number, target: string): number {
  const lines = [...readLines(source)]
    .map((numbered) => {
      if (isOverlong(numbered)) throw new Error(`${source}: ${overlongDetail(numbered)}`);
      return numbered.text;
    })
    .filter((text) => text.trim() !== "");
  const records = lines.map((text, index) => kcatLine(text, source, index + 1));
  const timestamps = records.map((record) => record.ts);
  const firstWindow = Math.floor(Math.min(...timestamps) / windowSizeMs);
  const lastWindow = Math.floor(Math.max(...timestamps) / windowSizeMs);
  const shiftMs = (lastWindow - firstWindow + 1) * windowSizeMs;
  const fd = fs.openSync(target, "w");
  try {
    let pending: string[] = [];
    for (let copy = 0; copy < copies; copy++) {
      for (const record of records) {
        pending.push(JSON.stringify(shifted(record, copy, copy * shiftMs, copy * records.length)));
        if (pending.length === LINES_PER_WRITE) {
          fs.writeSync(fd, pending.join("\n") + "\n");
          pending = [];
        }
      }
    }
    if (pending.length > 0) fs.writeSync(fd, pending.join("\n") + "\n");
  } finally {
    fs.closeSync(fd);
  }
  return shiftMs;
}

function kcatLine(text: string, file: string, line: number): KcatLine {
  const record = JSON.parse(text) as Partial<KcatLine>;
  if (
    !Number.isSafeInteger(record.ts) ||
    !Number.isSafeInteger(record.offset) ||
    !Array.isArray(record.headers)
  )
    throw new Error(`${file}:${line}: not a kcat -J record with ts, offset and headers; cannot scale it`);
  return record as KcatLine;
}

function shifted(record: KcatLine, copy: number, shiftMs: number, offsetShift: number): KcatLine {
  const headers = [...record.headers];
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const value = headers[i + 1];
    if (value === null) continue;
    if (headers[i] === "ce_time") headers[i + 1] = new Date(Date.parse(value) + shiftMs).toISOString();
    if (headers[i] === "ce_id") headers[i + 1] = `${value}-${copy}`;
  }
  return { ...record, offset: record.offset + offsetShift, ts: record.ts + shiftMs, headers };
}
