#!/usr/bin/env node
import "apache-beam";
import { Command, CommanderError } from "commander";
import { SpecError } from "../pipelines/spec/load_spec";
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

function program(): Command {
  const modelMonitor = new Command("model-monitor")
    .description(
      "Streaming ML model monitoring on Apache Beam: windowed feature statistics, outliers and drift " +
        "from a model's inference logs.\nExit codes: 0 ok, 1 runtime failure, 2 bad usage or spec.",
    )
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

async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_USAGE;
    }
    if (error instanceof SpecError) {
      console.error(error.message);
      return EXIT_BAD_USAGE;
    }
    // Errors marked non-retriable explain the problem in their message (what, where, what to do);
    // anything else is unexpected, and its stack is what a bug report needs.
    const explained = (error as { retriable?: unknown }).retriable === false;
    console.error(
      `model-monitor: ${explained ? (error as Error).message : ((error as Error).stack ?? error)}`,
    );
    return EXIT_RUNTIME_FAILURE;
  }
}

main(process.argv).then((code) => process.exit(code));
