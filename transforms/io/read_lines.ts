import * as fs from "fs";

const CHUNK_BYTES = 1 << 20;
/**
 * The longest line any file source reads whole: the logger's largest event
 * (16 MiB), so an event that travels through Kafka also replays from a file.
 */
const MAX_BYTES = 16 * 1024 * 1024;
/** What an overlong line keeps of itself, for a dead letter's `raw`. */
const HEAD_BYTES = 1024;
// An `export const` read inside its own module is undefined after closure serialization: functions here read the above.
export const MAX_LINE_BYTES = MAX_BYTES;
export const OVERLONG_HEAD_BYTES = HEAD_BYTES;

/** A line of a text file with its 1-based line number, for error messages that say where. */
export interface NumberedLine {
  text: string;
  line: number;
}

/** A line longer than the limit: skipped in bounded memory, only its length and first bytes kept. */
export interface OverlongLine {
  line: number;
  /** Its length in bytes, without the newline. */
  bytes: number;
  /** Its first OVERLONG_HEAD_BYTES bytes as text. */
  head: string;
}

export const isOverlong = (line: NumberedLine | OverlongLine): line is OverlongLine => "bytes" in line;

export const overlongDetail = ({ line, bytes }: OverlongLine, maxLineBytes = MAX_BYTES): string =>
  `line ${line} is ${bytes} bytes, longer than the limit of ${maxLineBytes} bytes ` +
  `(only its first ${HEAD_BYTES} bytes are kept)`;

/** Collects one line's pieces until its newline; past the limit it only counts bytes. */
class LineAssembler {
  private pieces: Buffer[] = [];
  private bytes = 0;
  private head: Buffer | undefined;

  constructor(private readonly maxLineBytes: number) {}

  get empty(): boolean {
    return this.bytes === 0;
  }

  append(piece: Buffer): void {
    this.bytes += piece.length;
    if (this.head !== undefined) return;
    this.pieces.push(piece);
    if (this.bytes <= this.maxLineBytes) return;
    this.head = Buffer.from(Buffer.concat(this.pieces).subarray(0, HEAD_BYTES));
    this.pieces = [];
  }

  take(line: number): NumberedLine | OverlongLine {
    const taken: NumberedLine | OverlongLine =
      this.head !== undefined
        ? { line, bytes: this.bytes, head: this.head.toString("utf8") }
        : { line, text: Buffer.concat(this.pieces).toString("utf8").replace(/\r$/, "") };
    this.pieces = [];
    this.bytes = 0;
    this.head = undefined;
    return taken;
  }
}

/** A file source is a regular file or a named pipe: a device such as /dev/zero never ends. */
function requireFileOrPipe(fd: number, file: string): void {
  const stats = fs.fstatSync(fd);
  if (!stats.isFile() && !stats.isFIFO())
    throw new Error(`${file} is not a regular file or a named pipe: a source reads lines from a file`);
}

/**
 * The lines of a file, read in 1 MiB chunks so memory does not grow with the
 * file: a line longer than `maxLineBytes` is yielded as an OverlongLine and
 * never held whole, so memory stays below maxLineBytes + 2 chunks. Each byte
 * is copied at most twice (tail of a chunk, then the line), so time is linear
 * in the file even for one huge line. Synchronous because a DoFn's process()
 * is a synchronous generator. Handles \n and \r\n; a last line without a
 * newline is still a line.
 */
export function* readLines(file: string, maxLineBytes = MAX_BYTES): Generator<NumberedLine | OverlongLine> {
  const fd = fs.openSync(file, "r");
  try {
    requireFileOrPipe(fd, file);
    const chunk = Buffer.alloc(CHUNK_BYTES);
    const current = new LineAssembler(maxLineBytes);
    let lineNumber = 0;
    for (;;) {
      const bytesRead = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const data = chunk.subarray(0, bytesRead);
      let start = 0;
      let newline: number;
      while ((newline = data.indexOf(10, start)) >= 0) {
        current.append(data.subarray(start, newline));
        yield current.take(++lineNumber);
        start = newline + 1;
      }
      // The chunk is reused for the next read: keep a copy of the unfinished line's piece.
      if (start < bytesRead) current.append(Buffer.from(data.subarray(start)));
    }
    if (!current.empty) yield current.take(++lineNumber);
  } finally {
    fs.closeSync(fd);
  }
}
