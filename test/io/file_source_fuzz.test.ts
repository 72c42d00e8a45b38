import * as assert from "assert";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { recordedElements } from "../../transforms/io/sources/recorded_file";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "file-source-fuzz-"));
/** Small, so that generated lines cross it often. */
const MAX_LINE_BYTES = 256;

const VALID_LINES = [
  '{"instances": [[6.8, 2.8, 4.8, 1.4]]}',
  '{"topic":"t","partition":0,"offset":1,"tstype":"create","ts":1767225603458,"broker":0,' +
    '"headers":["ce_id","r1","ce_type","org.kubeflow.serving.inference.request"],"key":"r1",' +
    '"payload":"{\\"instances\\":[[1,2]]}"}',
  '{"type": "request", "id": "s", "time": 1600000000.5, "payload": {"instances": [[1, 2]]}}',
];

/** A valid line cut, spliced with random text, or repeated past the limit; never a newline inside. */
const mutatedLine = fc
  .tuple(
    fc.constantFrom(...VALID_LINES),
    fc.nat(),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.integer({ min: 1, max: 8 }),
  )
  .chain(([line, at, noise, copies]) =>
    fc.constantFrom(
      line,
      line.slice(0, at % line.length) + noise + line.slice(at % line.length),
      line.repeat(copies),
      noise,
      `${"[".repeat(100)}${"]".repeat(100)}`,
    ),
  )
  .map((line) => line.replace(/\n/g, " "));

/** The lines a file source must turn into exactly one element each: not blank, or over the limit. */
const expectedLineNumbers = (lines: string[]): number[] =>
  lines.flatMap((line, i) =>
    Buffer.byteLength(line, "utf8") > MAX_LINE_BYTES || line.replace(/\r$/, "").trim() !== "" ? [i + 1] : [],
  );

describe("fuzzed recorded logs through the file source", () => {
  it("turns every line into exactly one event or dead letter, in order, whatever the line", () => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(mutatedLine, { maxLength: 60 }), (lines) => {
        const file = path.join(dir, `fuzz-${run++}.jsonl`);
        fs.writeFileSync(file, lines.join("\n"));
        const elements = [...recordedElements(file, () => 0, MAX_LINE_BYTES)].map(({ element }) => element);
        const lineNumbers = elements
          .map((element) => ("kind" in element ? element.source : element.origin) as { line: number })
          .map((origin) => origin.line);
        assert.deepStrictEqual(lineNumbers, expectedLineNumbers(lines));
        for (const [i, element] of elements.entries()) {
          const line: string = lines[lineNumbers[i] - 1];
          if (Buffer.byteLength(line, "utf8") > MAX_LINE_BYTES)
            assert.strictEqual("kind" in element && element.reason, "line-too-long", line);
        }
      }),
      { numRuns: 300 },
    );
  });
});
