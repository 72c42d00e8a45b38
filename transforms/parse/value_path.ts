import { isJsonObject } from "./json_text";

/** Where a spec feature sits in an instance: a field name (dots for nesting) or a position in a row. */
export type ValuePath = string | number;

const ARRAY_INDEX = /^\d+$/;

/**
 * The value a spec path points at inside one instance (or one prediction);
 * undefined when it leads nowhere, which the record reports as missing (null).
 *
 * - A row (array) is indexed by a number path: `[6.8, 2.8, 4.8, 1.4]` at 2 is 4.8.
 * - An object is looked up by field name; a name not present as is is split at
 *   dots and walked, digit segments indexing arrays ("scores.0").
 * - A scalar is its own value whatever the path: an instance of a one-input
 *   model (`instances: [5.1, 4.9]`) or a class-label prediction (`predictions: [1, 2]`).
 *
 * Only own fields count, so "constructor" or "__proto__" never reach Object.prototype.
 */
export function valueAtPath(value: unknown, path: ValuePath): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (typeof path === "number") return Array.isArray(value) ? value[path] : undefined;
  if (isJsonObject(value) && Object.hasOwn(value, path)) return value[path];
  let current: unknown = value;
  for (const segment of path.split(".")) {
    if (Array.isArray(current) && ARRAY_INDEX.test(segment)) current = current[Number(segment)];
    else if (isJsonObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}
