import * as fs from "fs";
import * as path from "path";
import type { ResultKind, SinkSpec } from "../../pipelines/spec/schema";
import type { MonitorResult } from "./results";

/** The file a file sink writes one kind of result to: `<dir>/<kind>.jsonl`. */
export function resultFile(dir: string, kind: ResultKind): string {
  return path.join(dir, `${kind}.jsonl`);
}

/**
 * Makes a file sink's folder and empties its result files, so that a run's
 * output is that run's alone. Called once by the launcher before the job,
 * never by workers (several workers would clobber each other).
 */
export function prepareFileSink(dir: string, kinds: readonly ResultKind[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const kind of kinds) fs.writeFileSync(resultFile(dir, kind), "");
}

/**
 * Writes results for every sink in the spec. Lines are buffered per bundle
 * and appended in finishBundle, so a bundle's results are on disk (or on
 * stdout) before the runner considers the bundle done.
 */
export class WriteResultsDoFn {
  beamName = "writeResults";
  private pendingLines = new Map<string, string[]>();

  constructor(private readonly sinks: SinkSpec[]) {}

  startBundle() {
    this.pendingLines = new Map();
  }

  process(result: MonitorResult) {
    const line = JSON.stringify(result);
    for (const sink of this.sinks) {
      if (sink.kind === "file") this.buffer(resultFile(sink.dir, result.kind), line);
      else if (sink.kind === "stdout" && (!sink.kinds || sink.kinds.includes(result.kind)))
        this.buffer("-", line);
    }
  }

  finishBundle() {
    for (const [file, lines] of this.pendingLines) {
      const text = lines.join("\n") + "\n";
      if (file === "-") process.stdout.write(text);
      else fs.appendFileSync(file, text);
    }
    this.pendingLines = new Map();
  }

  private buffer(file: string, line: string) {
    const lines = this.pendingLines.get(file);
    if (lines) lines.push(line);
    else this.pendingLines.set(file, [line]);
  }
}
