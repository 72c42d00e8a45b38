/**
 * Writes docs/report.png, the README's picture of the example's report:
 * runs the example job into a temporary folder, writes its report and
 * photographs it in headless Chromium. `npm run report:screenshot`.
 */
import "apache-beam";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runMonitor } from "../../runners/run_monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { writeReport } from "../../report/write_report";
import { openReport } from "./report_browser";

const ROOT = path.resolve(__dirname, "../../..");

/** Runs the flights example and writes its report; returns the report's path. */
export async function exampleReport(dir: string): Promise<string> {
  const spec = loadSpec(path.join(ROOT, "examples/flights/monitor.yaml"));
  const resultsDir = path.join(dir, "results");
  await runMonitor({ ...spec, sinks: [{ kind: "file", dir: resultsDir }] }, "direct");
  const htmlFile = path.join(dir, "report.html");
  writeReport({ inputs: [resultsDir], baselineFile: spec.baseline, outFile: htmlFile });
  return htmlFile;
}

if (require.main === module) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "example-report-"));
  exampleReport(dir)
    .then((htmlFile) => openReport(htmlFile, path.join(ROOT, "docs/report.png")))
    .then((rendered) => {
      if (rendered.problems.length > 0) throw new Error(rendered.problems.join("\n"));
      console.error(`docs/report.png: ${rendered.charts.length} charts`);
    })
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
}
