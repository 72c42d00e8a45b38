import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MAX_LINE_BYTES, OVERLONG_HEAD_BYTES, readLines } from "../../transforms/io/read_lines";
import { recordedElements } from "../../transforms/io/sources/recorded_file";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "read-lines-"));

function fileWith(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe("reading lines of a file in bounded memory", () => {
  it("splits \\n and \\r\\n lines, keeps a last line without newline and empty lines, numbers them from 1", () => {
    const file = fileWith("plain.txt", "a\r\nbb\n\nccc");
    assert.deepStrictEqual(
      [...readLines(file)],
      [
        { line: 1, text: "a" },
        { line: 2, text: "bb" },
        { line: 3, text: "" },
        { line: 4, text: "ccc" },
      ],
    );
  });

  it("keeps lines across 1 MiB chunk boundaries and multi-byte characters split between chunks", () => {
    // "é" is two bytes: the first line's length puts one of them on each side of the 1 MiB boundary.
    const first = "x".repeat((1 << 20) - 1) + "é";
    const second = "ü".repeat(700_000);
    const file = fileWith("chunks.txt", `${first}\n${second}\nend`);
    const lines = [...readLines(file)];
    assert.deepStrictEqual(
      lines.map((l) => ("text" in l ? [l.line, l.text.length, l.text.slice(-1)] : l)),
      [
        [1, first.length, "é"],
        [2, second.length, "ü"],
        [3, 3, "d"],
      ],
    );
  });

  it("yields a line over the limit as its length and first bytes, and goes on with the next line", () => {
    const long = "y".repeat(5000);
    const file = fileWith("overlong.txt", `short\n${long}\r\nafter\n${long}`);
    assert.deepStrictEqual(
      [...readLines(file, 4096)],
      [
        { line: 1, text: "short" },
        { line: 2, bytes: 5001, head: "y".repeat(OVERLONG_HEAD_BYTES) },
        { line: 3, text: "after" },
        { line: 4, bytes: 5000, head: "y".repeat(OVERLONG_HEAD_BYTES) },
      ],
    );
    // A line of exactly the limit is still a line.
    assert.deepStrictEqual(
      [...readLines(fileWith("exact.txt", "z".repeat(4096)), 4096)],
      [{ line: 1, text: "z".repeat(4096) }],
    );
  });

  it("refuses a device that never ends (/dev/zero), naming it", () => {
    assert.throws(
      () => [...readLines("/dev/zero")],
      /^Error: \/dev\/zero is not a regular file or a named pipe: a source reads lines from a file$/,
    );
  });
});

describe("the file source and a line longer than it reads whole", () => {
  it("makes a line over 16 MiB a line-too-long dead letter with its first 1 KiB, and reads the lines around it", () => {
    const huge = '{"instances": [' + "1,".repeat(MAX_LINE_BYTES / 2) + "1]}";
    const file = fileWith("huge.jsonl", `{"instances": [[1]]}\n${huge}\n{"instances": [[2]]}\n`);
    const elements = [...recordedElements(file, () => 0)].map(({ element }) => element);
    assert.strictEqual(elements.length, 3);
    assert.deepStrictEqual(elements[0], {
      value: '{"instances": [[1]]}',
      headers: {},
      origin: { file, line: 1 },
    });
    assert.deepStrictEqual(elements[1], {
      kind: "deadletter",
      reason: "line-too-long",
      detail:
        `line 2 is ${huge.length} bytes, longer than the limit of ${MAX_LINE_BYTES} bytes ` +
        `(only its first ${OVERLONG_HEAD_BYTES} bytes are kept)`,
      source: { file, line: 2 },
      raw: huge.slice(0, OVERLONG_HEAD_BYTES),
      emittedAt: "1970-01-01T00:00:00.000Z",
    });
    assert.deepStrictEqual(elements[2], {
      value: '{"instances": [[2]]}',
      headers: {},
      origin: { file, line: 3 },
    });
  });
});
