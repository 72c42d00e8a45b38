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
