import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { FLIGHTS_DIR } from "../baseline/baseline_cli";

export const RECORDED_LOG = path.join(FLIGHTS_DIR, "inference_log.jsonl");

/**
 * The flights example spec with some top-level fields replaced (`source`,
 * `window`, …), written to a fresh directory: baseline by absolute path,
 * results into `<dir>/out`. Returns the spec file and the results directory.
 */
export function writeFlightsVariant(overrides: Record<string, unknown>): {
  specFile: string;
  outDir: string;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flights-variant-"));
  const document = parse(fs.readFileSync(path.join(FLIGHTS_DIR, "monitor.yaml"), "utf8")) as Record<
    string,
    unknown
  >;
  const outDir = path.join(dir, "out");
  Object.assign(document, overrides);
  document.baseline = path.join(FLIGHTS_DIR, "baseline.json");
  document.sinks = [{ kind: "file", dir: outDir }];
  const specFile = path.join(dir, "monitor.yaml");
  fs.writeFileSync(specFile, stringify(document));
  return { specFile, outDir };
}
