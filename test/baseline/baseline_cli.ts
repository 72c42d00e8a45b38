import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const FLIGHTS_DIR = path.resolve(__dirname, "../../../examples/flights");
export const FLIGHTS_SPEC = path.join(FLIGHTS_DIR, "monitor.yaml");
export const FLIGHTS_TRAINING = path.join(FLIGHTS_DIR, "training.csv");
/** The built `model-monitor` command. */
export const CLI = path.resolve(__dirname, "../../cli/main.js");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `model-monitor` command in a child process (stderr is a pipe, so no progress bar). */
export function modelMonitor(...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A fresh temporary folder for one test's files. */
export function temporaryDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "baseline-"));
}

/** The flights training data parsed independently of the job: it has no quotes, so a split at commas is CSV. */
export function flightsTrainingColumns(): Record<string, string[]> {
  const lines = fs.readFileSync(FLIGHTS_TRAINING, "utf8").trimEnd().split("\n");
  const names = lines[0].split(",");
  const columns: Record<string, string[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const line of lines.slice(1)) line.split(",").forEach((cell, i) => columns[names[i]].push(cell));
  return columns;
}
