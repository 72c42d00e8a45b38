import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { z } from "zod";
import { MonitorSpec, monitorSpecSchema } from "./schema";

/** One problem in a spec file: where (file and field path) and what was expected. */
export interface SpecProblem {
  file: string;
  fieldPath: string;
  message: string;
}

/** A spec that failed validation; `problems` has one entry per problem found. */
export class SpecError extends Error {
  readonly retriable = false;
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "SpecError";
  }
}

export function formatProblem(problem: SpecProblem): string {
  return `${problem.file}: ${problem.fieldPath || "(top level)"}: ${problem.message}`;
}

function fieldPathOf(issuePath: PropertyKey[]): string {
  return issuePath
    .map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`))
    .join("")
    .replace(/^\./, "");
}

function problemsOf(file: string, error: z.ZodError): SpecProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        file,
        fieldPath: fieldPathOf([...issue.path, key]),
        message: "unknown field",
      }));
    }
    return [{ file, fieldPath: fieldPathOf(issue.path), message: issue.message }];
  });
}

/**
 * Validates a spec object. Relative paths in it (source files, baseline,
 * file sinks) are resolved against `baseDir`, the spec file's folder, so a
 * spec runs the same from any working directory.
 */
export function validateSpec(document: unknown, file: string, baseDir: string): MonitorSpec {
  const parsed = monitorSpecSchema.safeParse(document);
  if (!parsed.success) throw new SpecError(problemsOf(file, parsed.error));
  const spec = parsed.data;
  const resolve = (p: string) => path.resolve(baseDir, p);
  if (spec.source.kind !== "kafka") spec.source.path = resolve(spec.source.path);
  if (spec.baseline) spec.baseline = resolve(spec.baseline);
  for (const sink of spec.sinks) if (sink.kind === "file") sink.dir = resolve(sink.dir);
  return spec;
}

/** Reads a YAML or JSON spec file (JSON is YAML) and validates it. */
export function loadSpec(file: string): MonitorSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new SpecError([
      { file, fieldPath: "", message: `cannot read the spec: ${(error as Error).message}` },
    ]);
  }
  const document = YAML.parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new SpecError(
      document.errors.map((e) => ({ file, fieldPath: "", message: `not valid YAML/JSON: ${e.message}` })),
    );
  }
  return validateSpec(document.toJS(), file, path.dirname(path.resolve(file)));
}
