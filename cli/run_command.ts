import { Command, InvalidArgumentError, Option } from "commander";
import { parseDurationMs } from "../pipelines/spec/duration";
import { SpecError, loadSpec } from "../pipelines/spec/load_spec";
import { MonitorSpec, RESULT_KINDS } from "../pipelines/spec/schema";
import { warnAboutKafkaSubmission } from "../runners/portable/kafka_submission";
import { DEFAULT_FLINK_VERSION } from "../runners/portable/job_server_jar";
import { type RunnerChoice, runMonitor } from "../runners/run_monitor";
import { RUNNER_NAMES, RunnerName } from "../runners/select_runner";
import { resultFile } from "../transforms/io/result_sink";
import { requireBaselineFile } from "./baseline_file_check";
import { EXIT_BAD_USAGE } from "./exit_codes";
import { hostPort, positiveInteger } from "./option_parsers";
import * as path from "path";

/** Where `run` keeps a job's checkpoint unless told (--state-dir): per model, under the working directory. */
const DEFAULT_STATE_ROOT = ".model-monitor-state";

/** `--out dir` replaces the spec's file sinks with one writing to dir (relative to the working directory). */
function withOutDir(spec: MonitorSpec, outDir: string | undefined): MonitorSpec {
  if (!outDir) return spec;
  return { ...spec, sinks: [...spec.sinks.filter((s) => s.kind !== "file"), { kind: "file", dir: outDir }] };
}

interface BoundedRunOptions {
  untilIdle?: number;
  maxRecords?: number;
}

/** `--until-idle` / `--max-records` bound a Kafka source (they override the spec's `untilIdle` / `maxRecords`). */
function withBounds(
  specFile: string,
  spec: MonitorSpec,
  { untilIdle, maxRecords }: BoundedRunOptions,
): MonitorSpec {
  if (untilIdle === undefined && maxRecords === undefined) return spec;
  if (spec.source.kind !== "kafka") {
    const message = `--until-idle and --max-records bound a kafka source; this spec reads ${spec.source.kind}`;
    throw new SpecError([{ file: specFile, fieldPath: ".source.kind", message }]);
  }
  return {
    ...spec,
    source: {
      ...spec.source,
      untilIdle: untilIdle ?? spec.source.untilIdle,
      maxRecords: maxRecords ?? spec.source.maxRecords,
    },
  };
}

interface FlinkRunFlags {
  jobEndpoint?: string;
  jobServerJar?: string;
  flinkVersion?: string;
  expansionService?: string;
  checkpointingInterval?: number;
}

interface RunOptions extends BoundedRunOptions, FlinkRunFlags {
  runner: RunnerName;
  out?: string;
  stateDir?: string;
  checkpointInterval: number;
}

const FLINK_FLAGS: Record<keyof FlinkRunFlags, string> = {
  jobEndpoint: "--job-endpoint",
  jobServerJar: "--job-server-jar",
  flinkVersion: "--flink-version",
  expansionService: "--expansion-service",
  checkpointingInterval: "--checkpointing-interval",
};

/** The runner `run` uses; Flink's options with another runner, or a Kafka source it cannot read, are usage errors. */
function runnerChoice(
  specFile: string,
  spec: MonitorSpec,
  options: RunOptions,
  command: Command,
): RunnerChoice {
  if (options.runner !== "flink") {
    const given = Object.entries(FLINK_FLAGS).filter(
      ([key]) => options[key as keyof FlinkRunFlags] !== undefined,
    );
    if (given.length > 0)
      command.error(`error: ${given.map(([, flag]) => flag).join(", ")}: only with --runner flink`, {
        exitCode: EXIT_BAD_USAGE,
      });
    if (spec.source.kind === "kafka" && options.runner === "beam-direct") {
      const message =
        "--runner beam-direct cannot read a kafka source (it runs one bounded bundle); use --runner direct";
      throw new SpecError([{ file: specFile, fieldPath: ".source.kind", message }]);
    }
    return options.runner;
  }
  warnAboutKafkaSubmission(spec, "Flink");
  return {
    runner: "flink",
    specFile,
    jobEndpoint: options.jobEndpoint,
    jobServerJar: options.jobServerJar,
    flinkVersion: options.flinkVersion,
    expansionService: options.expansionService,
    checkpointingInterval: options.checkpointingInterval,
  };
}

function duration(text: string): number {
  const durationMs = parseDurationMs(text);
  if (durationMs === undefined)
    throw new InvalidArgumentError(`expected a duration like "15s", got "${text}"`);
  return durationMs;
}

interface RunOptions extends BoundedRunOptions {
  runner: RunnerName;
  out?: string;
  stateDir?: string;
  checkpointInterval: number;
}

export function runCommand(): Command {
  return new Command("run")
    .description(
      "Run the monitoring job described by a spec: read the inference log, parse it, window it in event " +
        "time and write per-request outliers, windowed statistics, drift against the baseline, alerts (and " +
        "dead letters for bad input) to the spec's sinks.",
    )
    .argument("<spec>", "path to the spec file")
    .addOption(
      new Option("--runner <name>", "where to run the pipeline").choices([...RUNNER_NAMES]).default("direct"),
    )
    .option("--out <dir>", "write results as JSON lines to this folder (replaces the spec's file sinks)")
    .option("--until-idle <duration>", "kafka source: end once no record has arrived for this long", duration)
    .option("--max-records <n>", "kafka source: end after this many records", positiveInteger)
    .option(
      "--job-endpoint <host:port>",
      "flink: a running Beam Flink job server; without it one is started from the jar, Flink inside it",
      hostPort,
    )
    .option(
      "--job-server-jar <path>",
      "flink: the Beam Flink job server jar to start (default: the SDK's jar cache, docs/flink.md)",
    )
    .option(
      "--flink-version <x.y>",
      `flink: the Flink version of that jar (default ${DEFAULT_FLINK_VERSION})`,
    )
    .option(
      "--expansion-service <host:port>",
      "flink, a kafka source: a running expansion service serving our Kafka read (default: started here; docs/flink.md)",
      hostPort,
    )
    .option(
      "--checkpointing-interval <ms>",
      "flink, a kafka source: checkpoint this often; offsets are committed with checkpoints",
      positiveInteger,
    )
    .option(
      "--state-dir <dir>",
      `direct runner: where the job's checkpoint is kept and a restart resumes from (default ${DEFAULT_STATE_ROOT}/<model>)`,
    )
    .option(
      "--checkpoint-interval <duration>",
      "direct runner: how often the job's state and source positions are checkpointed",
      duration,
      5000,
    )
    .action(async (specFile: string, options: RunOptions, command: Command) => {
      const spec = withBounds(specFile, withOutDir(loadSpec(specFile), options.out), options);
      requireBaselineFile(specFile, spec);
      const checkpointing =
        options.runner === "direct"
          ? {
              stateDir: options.stateDir ?? path.join(DEFAULT_STATE_ROOT, spec.model),
              intervalMs: options.checkpointInterval,
            }
          : undefined;
      const summary = await runMonitor(spec, runnerChoice(specFile, spec, options, command), checkpointing);
      console.error(
        `model-monitor: ${summary.runner} run of ${spec.model} finished in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
      );
      for (const sink of spec.sinks) {
        if (sink.kind !== "file") continue;
        for (const kind of RESULT_KINDS) {
          const lines = summary.linesWritten(resultFile(sink.dir, kind));
          if (lines !== undefined)
            console.error(`  ${kind}: ${lines} records -> ${resultFile(sink.dir, kind)}`);
        }
      }
    });
}
