import * as path from "path";
import * as YAML from "yaml";
import { z } from "zod";
import { readSmallTextFile } from "../../transforms/io/read_small_file";
import { MonitorSpec, monitorSpecSchema } from "./schema";

/** A spec is a page or two of YAML; anything near this size is not a spec. */
export const MAX_SPEC_BYTES = 1024 * 1024;

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

/**
 * Reads a YAML or JSON spec file (JSON is YAML) and validates it. Every
 * problem is a SpecError: an unreadable or oversized file, bad YAML (said by
 * line and column, without quoting the file) and YAML whose aliases would
 * expand beyond the yaml library's limit (the "billion laughs").
 */
export function loadSpec(file: string): MonitorSpec {
  const problem = (message: string) => new SpecError([{ file, fieldPath: "", message }]);
  let text: string;
  try {
    text = readSmallTextFile(file, MAX_SPEC_BYTES);
  } catch (error) {
    throw problem(`cannot read the spec: ${(error as Error).message}`);
  }
  const document = YAML.parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new SpecError(
      // With prettyErrors the first line says what and where; the lines after it quote the file.
      document.errors.map((e) => ({
        file,
        fieldPath: "",
        message: `not valid YAML/JSON: ${firstLine(e.message)}`,
      })),
    );
  }
  let json: unknown;
  try {
    json = document.toJS();
  } catch (error) {
    throw problem(`cannot expand the YAML: ${(error as Error).message}`);
  }
  return validateSpec(json, file, path.dirname(path.resolve(file)));
}

const firstLine = (text: string): string => text.split("\n")[0].replace(/:$/, "");
