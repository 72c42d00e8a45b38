import * as fs from "fs";
import * as path from "path";

export const REPOSITORY = path.resolve(__dirname, "../../..");

/** A Dockerfile's instructions as written (comments dropped), keyed by instruction, in order. */
export interface Dockerfile {
  /** Each instruction's arguments, e.g. FROM → ["flink:1.16.3-java11"]. */
  instructions: { name: string; args: string }[];
  /** The arguments of the only instruction `name`; fails if there is none or more than one. */
  only(name: string): string;
  /** The exec form (JSON array) of the only ENTRYPOINT or CMD. */
  execForm(name: "ENTRYPOINT" | "CMD"): string[];
}

/** Reads deploy/<file>: one instruction a line (none of ours continues a line). */
export function readDockerfile(file: string): Dockerfile {
  const instructions = fs
    .readFileSync(path.join(REPOSITORY, "deploy", file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const match = /^([A-Z]+)\s+(.*)$/.exec(line);
      if (match === null) throw new Error(`deploy/${file}: not an instruction: ${line}`);
      return { name: match[1], args: match[2] };
    });
  const only = (name: string): string => {
    const found = instructions.filter((instruction) => instruction.name === name);
    if (found.length !== 1)
      throw new Error(`deploy/${file}: ${found.length} ${name} instructions, expected 1`);
    return found[0].args;
  };
  return { instructions, only, execForm: (name) => JSON.parse(only(name)) as string[] };
}
