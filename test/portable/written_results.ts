import * as assert from "assert";
import * as fs from "fs";
import { RESULT_KINDS } from "../../pipelines/spec/schema";
import { resultFile } from "../../transforms/io/result_sink";

/** Every result a run wrote into a file sink's directory, per kind, without the processing time it was written at. */
export function writtenResults(dir: string): Record<string, Record<string, unknown>[]> {
  return Object.fromEntries(
    RESULT_KINDS.map((kind) => [
      kind,
      fs
        .readFileSync(resultFile(dir, kind), "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => {
          const { emittedAt: _emittedAt, ...result } = JSON.parse(line) as Record<string, unknown>;
          return result;
        })
        .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    ]),
  );
}

/** Equal, numbers within 1e-9 relative (merge order changes the last bits of Chan's moments). */
export function assertClose(actual: unknown, expected: unknown, where = "result"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    const scale = Math.max(1, Math.abs(expected));
    assert.ok(Math.abs(actual - expected) <= 1e-9 * scale, `${where}: ${actual} ≠ ${expected}`);
  } else if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${where}: ${JSON.stringify(actual)}`);
    const keys = Object.keys(expected);
    assert.deepStrictEqual(Object.keys(actual).sort(), keys.sort(), `${where}: fields differ`);
    for (const key of keys)
      assertClose(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        `${where}.${key}`,
      );
  } else {
    assert.strictEqual(actual, expected, where);
  }
}
