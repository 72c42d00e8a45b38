import {
  type NumberedLine,
  type OverlongLine,
  isOverlong,
  readLines,
} from "../../../transforms/io/read_lines";

/**
 * The non-blank lines of a text file with their 1-based line numbers (blank
 * lines are neither rows nor bad rows), reporting the bytes read so far:
 * each line's UTF-8 length plus its newline (a "\r\n" file reads one byte
 * per line short, which is close enough for a progress bar). A line longer
 * than a file source reads whole comes as an OverlongLine: a bad row.
 */
export function* nonBlankLines(
  file: string,
  onProgress?: (bytesRead: number) => void,
): Generator<NumberedLine | OverlongLine> {
  let bytesRead = 0;
  for (const numbered of readLines(file)) {
    bytesRead += (isOverlong(numbered) ? numbered.bytes : Buffer.byteLength(numbered.text, "utf8")) + 1;
    onProgress?.(bytesRead);
    if (isOverlong(numbered) || numbered.text.trim() !== "") yield numbered;
  }
}
