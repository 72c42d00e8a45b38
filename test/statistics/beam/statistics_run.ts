import type { Runner } from "apache-beam/runners/runner";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { monitorPipeline } from "../../../pipelines/monitor";
import { validateSpec } from "../../../pipelines/spec/load_spec";
import { type MonitorSpec, RESULT_KINDS } from "../../../pipelines/spec/schema";
import { prepareFileSink, resultFile } from "../../../transforms/io/result_sink";
import type { StatisticsRecord } from "../../../transforms/statistics/beam/statistics_record";

export function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "statistics-test-"));
}

/** Writes JSON lines (a testStream script, say) to a fresh temporary file. */
export function writeJsonLines(name: string, lines: object[]): string {
  const file = path.join(temporaryDirectory(), name);
  fs.writeFileSync(file, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
  return file;
}

/** A spec from a document (defaults applied, relative paths against `dir`), with its file sink in a fresh folder. */
export function testSpec(document: Record<string, unknown>, dir = temporaryDirectory()): MonitorSpec {
  return validateSpec({ ...document, sinks: [{ kind: "file", dir: "out" }] }, "test spec", dir);
}

/** Runs the monitoring pipeline on `runner` and returns the statistics records it wrote. */
export async function statisticsOf(spec: MonitorSpec, runner: Runner): Promise<StatisticsRecord[]> {
  const sink = spec.sinks[0];
  if (sink.kind !== "file") throw new Error("test specs write to a file sink");
  prepareFileSink(sink.dir, RESULT_KINDS);
  await runner.run(monitorPipeline(spec));
  return fs
    .readFileSync(resultFile(sink.dir, "statistics"), "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as StatisticsRecord);
}
