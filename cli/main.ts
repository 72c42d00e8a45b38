#!/usr/bin/env node
import "apache-beam";
import * as fs from "fs";
import * as path from "path";
import { Command, CommanderError } from "commander";
import { SpecError } from "../pipelines/spec/load_spec";
import { BaselineProfileError } from "../transforms/baseline/baseline_profile";
import { DriftSpecError } from "../transforms/drift/drift_plan";
import { baselineCommand } from "./baseline_command";
import { compareCommand } from "./compare_command";
import { EXIT_BAD_USAGE, EXIT_OK, EXIT_RUNTIME_FAILURE } from "./exit_codes";
import { loggerCommand } from "./logger_command";
import { produceCommand } from "./produce_command";
import { reportCommand } from "./report_command";
import { runCommand } from "./run_command";
import { jobStatusCommand, submitCommand } from "./submit_command";
import { validateCommand } from "./validate_command";
import { workerPoolCommand } from "./worker_pool_command";

/** The package's version, from its package.json (two folders up from dist/cli/main.js), read when asked. */
function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")).version;
}

function program(): Command {
  const modelMonitor = new Command("model-monitor")
    .description(
      "Streaming ML model monitoring on Apache Beam: windowed feature statistics, outliers and drift " +
        "from a model's inference logs.\nExit codes: 0 ok, 1 runtime failure, 2 bad usage or spec.",
    )
    .version(packageVersion(), "-V, --version", "print the version of model-monitor")
    .option("--debug", "print the stack trace of an error, for a bug report")
    .exitOverride()
    .addCommand(validateCommand())
    .addCommand(runCommand())
    .addCommand(produceCommand())
    .addCommand(loggerCommand())
    .addCommand(baselineCommand())
    .addCommand(compareCommand())
    .addCommand(reportCommand())
    .addCommand(submitCommand())
    .addCommand(jobStatusCommand())
    .addCommand(workerPoolCommand());
  // Commander exits the process on a subcommand's usage error unless each command says otherwise.
  for (const command of modelMonitor.commands) command.exitOverride();
  return modelMonitor;
}

/** Problems of the spec or of the files it names: nothing ran, fix the spec or build the file. */
function isSpecProblem(error: unknown): boolean {
  return (
    error instanceof SpecError || error instanceof BaselineProfileError || error instanceof DriftSpecError
  );
}

async function main(argv: string[]): Promise<number> {
  const modelMonitor = program();
  try {
    await modelMonitor.parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_USAGE;
    }
    if (modelMonitor.opts().debug) console.error((error as Error).stack ?? error);
    else if (error instanceof SpecError) console.error(error.message);
    else if (isSpecProblem(error) || (error as { retriable?: unknown }).retriable === false) {
      // These explain the problem in their message (what, where, what to do).
      console.error(`model-monitor: ${(error as Error).message}`);
    } else {
      console.error(`model-monitor: ${(error as Error).message ?? error} (--debug shows the stack trace)`);
    }
    return isSpecProblem(error) ? EXIT_BAD_USAGE : EXIT_RUNTIME_FAILURE;
  }
}

main(process.argv).then((code) => process.exit(code));
