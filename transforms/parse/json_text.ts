import { parseProblem } from "./dead_letter";
import { MAX_JSON_DEPTH, jsonDeeperThan } from "./json_depth";

/**
 * Parses JSON text; `what` names the text in the "bad-json" detail ("message
 * body", "CloudEvent data"). Text nested deeper than MAX_JSON_DEPTH is bad
 * JSON too, refused before parsing (see json_depth.ts).
 */
export function parseJsonText(text: string, what: string): unknown {
  if (jsonDeeperThan(text, MAX_JSON_DEPTH))
    throw parseProblem("bad-json", `${what} nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw parseProblem("bad-json", `${what} is not JSON: ${(error as Error).message}`);
  }
}

/** A JSON object (not an array, not null), the only shape an event body, envelope or instance record can have. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A JSON.parse error said without the text it quotes (V8 quotes the start of
 * the input: a secret, or binary garbage): only where, when V8 says where.
 */
export function jsonSyntaxProblem(error: unknown): string {
  const message = (error as Error).message;
  const where = / at position \d+(?: \(line \d+ column \d+\))?/.exec(message)?.[0] ?? "";
  return message.startsWith("Unexpected end") ? "not JSON: it ends early" : `not JSON${where}`;
}
