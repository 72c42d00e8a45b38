import { describeValue, parseProblem } from "./dead_letter";
import { isJsonObject } from "./json_text";
import type { LoggedInstance } from "./logged_exchange";
import { valueAtPath } from "./value_path";

const ROWS_FIELD = { request: "instances", response: "predictions" } as const;

/**
 * The instances of a KServe v1 ("data plane v1") body: `{"instances": [...]}`
 * for a request, `{"predictions": [...]}` for a response, the i-th prediction
 * answering the i-th instance. Each element may be a row, an object or a
 * scalar (see value_path.ts). An empty list is "bad-shape", since it would
 * leave no trace of the event.
 */
export const v1Instances = (body: unknown, part: "request" | "response"): LoggedInstance[] => {
  const field = ROWS_FIELD[part];
  if (!isJsonObject(body)) {
    throw parseProblem(
      "bad-shape",
      `a v1 ${part} body is a JSON object with "${field}", not ${describeValue(body)}`,
    );
  }
  const rows = body[field];
  if (!Array.isArray(rows)) {
    throw parseProblem("bad-shape", `the v1 ${part} body has no "${field}" array`);
  }
  if (rows.length === 0) throw parseProblem("bad-shape", `the v1 ${part} body's "${field}" is empty`);
  return rows.map((row, index) => ({ index, valueAt: (path) => valueAtPath(row, path) }));
};

/** Which half a v1 body is when no event type says: "instances" make a request, "predictions" a response. */
export function v1PartOfBody(body: unknown): "request" | "response" {
  if (isJsonObject(body) && Object.hasOwn(body, ROWS_FIELD.request)) return "request";
  if (isJsonObject(body) && Object.hasOwn(body, ROWS_FIELD.response)) return "response";
  throw parseProblem(
    "bad-shape",
    `a v1 body without an event type needs "instances" (a request) or "predictions" (a response)`,
  );
}
