import * as fs from "fs";
import { SpecError } from "../pipelines/spec/load_spec";
import type { MonitorSpec } from "../pipelines/spec/schema";

/**
 * A spec's `baseline` names a profile that `model-monitor baseline` writes;
 * before that it does not exist, and `run` would only fail later, inside the
 * pipeline's construction. This says so up front, with the command that builds it.
 */
export function requireBaselineFile(specFile: string, spec: MonitorSpec): void {
  if (spec.baseline === undefined || fs.existsSync(spec.baseline)) return;
  throw new SpecError([
    {
      file: specFile,
      fieldPath: "baseline",
      message:
        `${spec.baseline} does not exist yet; build it with ` +
        `\`model-monitor baseline ${specFile} --data <training data>\``,
    },
  ]);
}
