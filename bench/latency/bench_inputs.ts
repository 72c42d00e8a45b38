import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { latencySpec } from "./latency_spec";
import { writeTrainingCsv } from "./synthetic_data";

const CLI = path.resolve(__dirname, "../../cli/main.js");
const TRAINING_ROWS = 20_000;

/**
 * The experiment's baseline profile in `dir`/baseline.json: 20,000 training rows through
 * `model-monitor baseline` with the experiment's features. Returns its path.
 */
export function writeBaseline(dir: string): string {
  const training = path.join(dir, "training.csv");
  writeTrainingCsv(training, TRAINING_ROWS);
  const baseline = path.join(dir, "baseline.json");
  // The baseline job reads only the features from the spec; its source is never opened.
  const spec = path.join(dir, "baseline-spec.yaml");
  fs.writeFileSync(
    spec,
    YAML.stringify(latencySpec({ source: { kind: "file", path: training }, baseline, outDir: dir })),
  );
  execFileSync(process.execPath, [CLI, "baseline", spec, "--data", training, "--out", baseline, "--force"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  return baseline;
}
