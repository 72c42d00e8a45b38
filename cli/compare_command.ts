import { Command, Option } from "commander";
import { compareDataSets } from "../pipelines/compare/compare_data_sets";
import { DEFAULT_BIN_COUNT } from "../pipelines/baseline/histogram_edges";
import { TRAINING_DATA_FORMATS, TrainingDataFormat, openTrainingData } from "../pipelines/baseline/readers";
import { SpecError, loadSpec } from "../pipelines/spec/load_spec";
import type { DriftVerdict } from "../transforms/drift/drift_verdicts";
import { textTable } from "./text_table";
import { positiveInteger } from "./option_parsers";

interface CompareOptions {
  reference: string;
  current: string;
  format?: TrainingDataFormat;
  bins: number;
  json?: boolean;
}

/** A number as the table shows it: 4 significant digits, tiny p-values in exponent form. */
function shown(value: number | null | undefined): string {
  if (value === undefined) return "";
  if (value === null) return "–";
  if (!Number.isFinite(value)) return String(value);
  return value !== 0 && Math.abs(value) < 1e-3
    ? value.toExponential(2)
    : String(Number(value.toPrecision(4)));
}

function verdictText(verdict: DriftVerdict): string {
  if (verdict.drifted === null) return `no verdict: ${verdict.reason}`;
  const word = verdict.drifted ? "DRIFT" : "ok";
  return verdict.uncertain ? `${word} (uncertain: the sketches' error allows either)` : word;
}

export function compareCommand(): Command {
  return new Command("compare")
    .description(
      "One-shot drift of a current data set against a reference one (CSV with a header, JSON lines or " +
        "Parquet, columns named like the spec's features), with the spec's drift metrics, computed as the " +
        "monitoring job computes a window's: the reference profiled like `model-monitor baseline`, the " +
        "current data as one window. Prints per feature and metric the value, raw and adjusted p-values, the " +
        "threshold, the threshold in force at this size, the verdict and how it was reached.",
    )
    .argument("<spec>", "path to the spec file (its `drift` section says which metrics)")
    .requiredOption("--reference <file>", "the data to compare against, e.g. the training set")
    .requiredOption("--current <file>", "the data to check, e.g. a new training set or a backfill")
    .addOption(
      new Option("--format <format>", "format of both files when their extensions do not say").choices([
        ...TRAINING_DATA_FORMATS,
      ]),
    )
    .option("--bins <count>", "histogram bins of the reference profile", positiveInteger, DEFAULT_BIN_COUNT)
    .option("--json", "one JSON object per line, with the fields of `drift` records (no window or pane)")
    .action(async (specFile: string, options: CompareOptions) => {
      const spec = loadSpec(specFile);
      if (spec.drift === undefined) {
        throw new SpecError([
          {
            file: specFile,
            fieldPath: "drift",
            message: "missing: compare needs it to say which metrics to use",
          },
        ]);
      }
      const notice = (message: string) => console.error(`model-monitor compare: ${message}`);
      const comparison = await compareDataSets(
        spec,
        await openTrainingData(options.reference, options.format),
        await openTrainingData(options.current, options.format),
        {
          binCount: options.bins,
          onNotice: notice,
          onBadRow: (row) => console.error(`${row.where}: bad row, skipped: ${row.reason}`),
        },
      );
      const roleOf = (feature: string) => (feature === spec.prediction?.name ? "prediction" : "feature");
      if (options.json) {
        const emittedAt = new Date().toISOString();
        for (const verdict of comparison.verdicts) {
          const labels = {
            kind: "drift",
            model: spec.model,
            feature: verdict.feature,
            role: roleOf(verdict.feature),
          };
          console.log(JSON.stringify(Object.assign(labels, verdict, { emittedAt })));
        }
        return;
      }
      const corrected = comparison.plan.correction !== "none";
      const header = [
        "feature",
        "metric",
        "value",
        "p-value",
        ...(corrected ? ["adjusted p"] : []),
        "threshold",
        "in force",
        "n",
        "verdict",
        "method",
      ];
      const rows = comparison.verdicts.map((verdict) => [
        verdict.feature,
        verdict.metric,
        shown(verdict.value),
        shown(verdict.pValue),
        ...(corrected ? [shown(verdict.adjustedPValue)] : []),
        shown(verdict.threshold),
        shown(verdict.effectiveThreshold),
        verdict.sampleSize,
        verdictText(verdict),
        verdict.method ?? "",
      ]);
      const reference = comparison.reference.source;
      console.log(
        `${options.current} (${comparison.currentRows} rows) against ${options.reference} (${reference.rows} rows); ` +
          `p-value correction: ${comparison.plan.correction}`,
      );
      console.log(textTable(header, rows));
      const drifted = comparison.verdicts.filter((verdict) => verdict.drifted === true).length;
      console.log(`${drifted} of ${comparison.verdicts.length} comparisons drifted`);
    });
}
