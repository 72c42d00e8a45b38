import { Command } from "commander";
import { loadSpec } from "../pipelines/spec/load_spec";
import { requireBaselineFile } from "./baseline_file_check";

export function validateCommand(): Command {
  return new Command("validate")
    .description(
      "Check a monitoring spec (YAML or JSON) against the schema, and that its baseline profile exists. " +
        "Prints one line per problem (file: field path: what was expected) and exits 2, or prints a summary " +
        "and exits 0.",
    )
    .argument("<spec>", "path to the spec file")
    .action((specFile: string) => {
      const spec = loadSpec(specFile);
      requireBaselineFile(specFile, spec);
      const features = spec.features.map((f) => `${f.name} (${f.type})`).join(", ");
      console.log(`${specFile}: valid. model ${spec.model}; features ${features}`);
    });
}
