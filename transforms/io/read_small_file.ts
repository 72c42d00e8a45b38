import * as fs from "fs";

/**
 * A regular file's text, refusing what would exhaust memory before it is
 * read: a device or pipe (`/dev/urandom`, `/dev/zero` never end) and a file
 * larger than `maxBytes`. It reads at most the size fstat gave plus one byte,
 * so a file growing meanwhile cannot slip past. Messages say what was wrong,
 * never the file's contents.
 */
export function readSmallTextFile(file: string, maxBytes: number): string {
  const fd = fs.openSync(file, "r");
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) throw new Error("not a regular file");
    if (stats.size > maxBytes) throw new Error(`${stats.size} bytes, over the limit of ${maxBytes} bytes`);
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    let bytesRead: number;
    while (
      length < buffer.length &&
      (bytesRead = fs.readSync(fd, buffer, length, buffer.length - length, null)) > 0
    )
      length += bytesRead;
    if (length > stats.size) throw new Error("it grew while being read");
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}
