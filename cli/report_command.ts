import { Command } from "commander";
import { writeReport } from "../report/write_report";

interface ReportOptions {
  baseline?: string;
  out: string;
}

export function reportCommand(): Command {
  return new Command("report")
    .description(
      "Writes one self-contained HTML report (no network needed to open it) from the job's results: an " +
        "alert summary; per feature, drift over time against the threshold, the latest window's distribution " +
        "against the baseline and the quantiles over time; outliers by method; dead letters by reason.",
    )
    .argument("<results...>", "result folders (a file sink's dir: <kind>.jsonl) or JSON-lines result files")
    .option("--baseline <file>", "the baseline profile, to draw the latest window against it")
    .option("--out <file>", "where to write the report", "report.html")
    .action((inputs: string[], options: ReportOptions) => {
      const data = writeReport({ inputs, baselineFile: options.baseline, outFile: options.out });
      console.error(
        `model-monitor report: ${data.windowCount} windows, ${data.features.length} features, ` +
          `${data.alerts.total} alerts -> ${options.out}`,
      );
    });
}
