import { Command, Option } from "commander";
import { loadSpec } from "../pipelines/spec/load_spec";
import { MonitorSpec, RESULT_KINDS } from "../pipelines/spec/schema";
import { runMonitor } from "../pipelines/run_monitor";
import { RUNNER_NAMES, RunnerName } from "../runners/select_runner";
import { resultFile } from "../transforms/io/result_sink";

/** `--out dir` replaces the spec's file sinks with one writing to dir (relative to the working directory). */
function withOutDir(spec: MonitorSpec, outDir: string | undefined): MonitorSpec {
  if (!outDir) return spec;
  return { ...spec, sinks: [...spec.sinks.filter((s) => s.kind !== "file"), { kind: "file", dir: outDir }] };
}

export function runCommand(): Command {
  return new Command("run")
    .description(
      "Run the monitoring job described by a spec: read the inference log, parse it, window it in event " +
        "time and write statistics (and dead letters for bad input) to the spec's sinks.",
    )
    .argument("<spec>", "path to the spec file")
    .addOption(
      new Option("--runner <name>", "where to run the pipeline").choices([...RUNNER_NAMES]).default("direct"),
    )
    .option("--out <dir>", "write results as JSON lines to this folder (replaces the spec's file sinks)")
    .action(async (specFile: string, options: { runner: RunnerName; out?: string }) => {
      const spec = withOutDir(loadSpec(specFile), options.out);
      const summary = await runMonitor(spec, options.runner);
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
