import * as fs from "fs";
import { RESULT_KINDS } from "../../pipelines/spec/schema";
import { resultFile } from "../../transforms/io/result_sink";

/**
 * Every result a run wrote into a file sink's directory, per kind, without
 * the processing time it was written at. A missing file is an error, unless
 * `workersMadeTheFiles`: workers of a cluster (an EXTERNAL worker pool) make
 * a kind's file when they write its first result, nobody prepares it empty.
 */
export function writtenResults(
  dir: string,
  workersMadeTheFiles = false,
): Record<string, Record<string, unknown>[]> {
  const read = (file: string) =>
    workersMadeTheFiles && !fs.existsSync(file) ? "" : fs.readFileSync(file, "utf8");
  return Object.fromEntries(
    RESULT_KINDS.map((kind) => [
      kind,
      read(resultFile(dir, kind))
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
