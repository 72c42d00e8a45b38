import * as fs from "fs";

const CHUNK_BYTES = 1 << 20;

/** A line of a text file with its 1-based line number, for error messages that say where. */
export interface NumberedLine {
  text: string;
  line: number;
}

/**
 * The lines of a file, read in 1 MiB chunks so memory does not grow with the
 * file. Synchronous because a DoFn's process() is a synchronous generator.
 * Handles \n and \r\n; a last line without a newline is still a line.
 */
export function* readLines(file: string): Generator<NumberedLine> {
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let carried = Buffer.alloc(0);
    let lineNumber = 0;
    for (;;) {
      const bytesRead = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      let data = Buffer.concat([carried, chunk.subarray(0, bytesRead)]);
      let newline: number;
      while ((newline = data.indexOf(10)) >= 0) {
        lineNumber += 1;
        yield { text: data.subarray(0, newline).toString("utf8").replace(/\r$/, ""), line: lineNumber };
        data = data.subarray(newline + 1);
      }
      carried = Buffer.from(data);
    }
    if (carried.length > 0) yield { text: carried.toString("utf8").replace(/\r$/, ""), line: lineNumber + 1 };
  } finally {
    fs.closeSync(fd);
  }
}
