import * as fs from "fs";
import * as path from "path";
import { Presets, SingleBar } from "cli-progress";
import { Command, Option } from "commander";
import { buildBaselineProfile } from "../pipelines/baseline/build_baseline_profile";
import { BaselineDataError } from "../pipelines/baseline/baseline_data_error";
import { DEFAULT_BIN_COUNT } from "../pipelines/baseline/histogram_edges";
import {
  BadTrainingRow,
  TRAINING_DATA_FORMATS,
  TrainingDataFormat,
  openTrainingData,
} from "../pipelines/baseline/readers";
import { importReferenceBaseline } from "../pipelines/baseline/reference_baseline";
import { loadSpec } from "../pipelines/spec/load_spec";
import type { MonitorSpec } from "../pipelines/spec/schema";
import {
  BaselineProfile,
  MAX_BASELINE_PROFILE_BYTES,
  saveBaselineProfile,
} from "../transforms/baseline/baseline_profile";
import { readSmallTextFile } from "../transforms/io/read_small_file";
import { jsonSyntaxProblem } from "../transforms/parse/json_text";
import { EXIT_BAD_USAGE } from "./exit_codes";
import { positiveInteger } from "./option_parsers";

/** Bad rows reported one by one; past this many only their count is. */
const BAD_ROWS_SHOWN = 100;
/** Training files from this size on get a progress bar (when stderr is a terminal). */
const PROGRESS_BAR_MIN_BYTES = 8 * 1024 * 1024;

interface BaselineOptions {
  data?: string;
  format?: TrainingDataFormat;
  bins: number;
  importReference?: string;
  out?: string;
  force?: boolean;
}

export function baselineCommand(): Command {
  return new Command("baseline")
    .description(
      "Build the baseline profile a spec's drift and outlier checks compare against, from training data " +
        "(CSV with a header, JSON lines or Parquet, columns named like the spec's features) or from the " +
        "reference system's {descriptive, distributions} form. Bad rows are reported on stderr and counted.",
    )
    .argument("<spec>", "path to the spec file")
    .option("--data <file>", "training data: .csv, .jsonl/.ndjson or .parquet/.pq")
    .addOption(
      new Option("--format <format>", "format of --data when its extension does not say").choices([
        ...TRAINING_DATA_FORMATS,
      ]),
    )
    .option(
      "--bins <count>",
      "histogram bins (equal-mass, from quantiles)",
      positiveInteger,
      DEFAULT_BIN_COUNT,
    )
    .addOption(
      new Option(
        "--import-reference <file>",
        "import the reference system's baseline JSON instead",
      ).conflicts(["data", "format", "bins"]),
    )
    .option("--out <file>", "where to write the profile (default: the spec's `baseline`, else baseline.json)")
    .option("--force", "overwrite the profile if it exists (without it, an existing profile is kept)")
    .action(async (specFile: string, options: BaselineOptions, command: Command) => {
      const input = options.data ?? options.importReference;
      if (input === undefined) {
        command.error("error: give --data <training data> or --import-reference <file>", {
          exitCode: EXIT_BAD_USAGE,
        });
      }
      const spec = loadSpec(specFile);
      const out = path.resolve(options.out ?? spec.baseline ?? "baseline.json");
      // The default is the spec's own baseline, often a committed file: replacing it must be asked for.
      if (!options.force && fs.existsSync(out)) {
        command.error(
          `error: ${out} exists; give --force to overwrite it, or --out <file> to write the profile elsewhere`,
          { exitCode: EXIT_BAD_USAGE },
        );
      }
      // source.data names the input relative to the profile, so profile and data can move together.
      const dataLabel = path.relative(path.dirname(out), path.resolve(input));
      const notice = (message: string) => console.error(`model-monitor baseline: ${message}`);
      const profile =
        options.importReference !== undefined
          ? importReferenceBaseline(spec, readJson(input), input, { dataLabel, onNotice: notice })
          : await profileTrainingData(spec, input, options, dataLabel, notice);
      saveBaselineProfile(out, profile);
      console.error(`model-monitor baseline: wrote ${out}: ${describeProfile(profile)}`);
    });
}

async function profileTrainingData(
  spec: MonitorSpec,
  file: string,
  options: BaselineOptions,
  dataLabel: string,
  notice: (message: string) => void,
): Promise<BaselineProfile> {
  const data = await openTrainingData(file, options.format);
  const badRows = badRowReporter();
  const progressBar = passProgressBar(file);
  try {
    return await buildBaselineProfile(spec, data, {
      binCount: options.bins,
      dataLabel,
      onBadRow: badRows.report,
      onNotice: notice,
      onProgress: progressBar?.update,
    });
  } finally {
    progressBar?.stop();
    badRows.finish();
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readSmallTextFile(file, MAX_BASELINE_PROFILE_BYTES);
  } catch (error) {
    throw new BaselineDataError(`${file}: cannot read it: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BaselineDataError(`${file}: ${jsonSyntaxProblem(error)}`);
  }
}

function describeProfile(profile: BaselineProfile): string {
  const { rows, badRows } = profile.source;
  const features = Object.entries(profile.features).map(([name, feature]) => `${name} (${feature.type})`);
  return `${rows} rows, ${badRows} bad; ${features.join(", ")}`;
}

/** One line per bad row up to BAD_ROWS_SHOWN, then a count of the rest when done. */
function badRowReporter(): { report: (row: BadTrainingRow) => void; finish: () => void } {
  let seen = 0;
  return {
    report: (row) => {
      seen += 1;
      if (seen <= BAD_ROWS_SHOWN) console.error(`${row.where}: bad row, skipped: ${row.reason}`);
    },
    finish: () => {
      if (seen > BAD_ROWS_SHOWN) console.error(`… and ${seen - BAD_ROWS_SHOWN} more bad rows, not shown`);
    },
  };
}

/** A bar per pass on stderr, for large training files when stderr is a terminal; undefined otherwise. */
function passProgressBar(
  file: string,
): { update: (pass: 1 | 2, done: number, total: number) => void; stop: () => void } | undefined {
  if (!process.stderr.isTTY || fs.statSync(file).size < PROGRESS_BAR_MIN_BYTES) return undefined;
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: "pass {pass}/2 |{bar}| {percentage}% | {eta_formatted} left",
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let currentPass = 0;
  let nextUpdate = 0;
  return {
    update: (pass, done, total) => {
      if (pass !== currentPass) {
        if (currentPass !== 0) bar.stop();
        bar.start(total, 0, { pass });
        currentPass = pass;
        nextUpdate = 0;
      }
      // Progress comes per row; redrawing that often took a third of the run time. Every 0.1 % is smooth.
      if (done < nextUpdate && done < total) return;
      nextUpdate = done + total / 1000;
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
