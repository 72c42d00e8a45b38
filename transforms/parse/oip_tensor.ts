import { describeValue, parseProblem } from "./dead_letter";
import { isJsonObject } from "./json_text";

/**
 * An Open Inference Protocol (KServe v2) tensor, validated and viewed as a
 * table: the first dimension counts rows (instances), the rest make the
 * columns of a row, row-major. Shape [N] or [N, 1] is one column, [N, k] is k
 * columns, [N, a, b] is a·b columns (row-major within the row); shape [] is a
 * single value (one row, one column).
 */
export interface Tensor {
  name: string;
  rows: number;
  columns: number;
  /** Row-major: row i, column j is values[i * columns + j]. */
  values: unknown[];
}

/**
 * Validates `{name, shape, datatype, data}` (`what`: "input 0") — name and
 * datatype strings, shape non-negative integers, data a list holding exactly
 * the product of shape values, flat or nested one level per dimension — and
 * at least one row. BYTES data are strings, BOOL data booleans; typing them
 * is the spec's business (feature_value.ts).
 */
export const tensorOf = (raw: unknown, what: string): Tensor => {
  if (!isJsonObject(raw))
    throw parseProblem("bad-shape", `${what} is ${describeValue(raw)}, not a tensor object`);
  const { name, shape, datatype, data } = raw;
  if (typeof name !== "string") throw parseProblem("bad-shape", `${what} has no string "name"`);
  const tensor = `${what} "${name}"`;
  if (!Array.isArray(shape) || !shape.every((size) => Number.isSafeInteger(size) && size >= 0)) {
    throw parseProblem("bad-shape", `${tensor}: shape ${describeValue(shape)} is not a list of sizes`);
  }
  if (typeof datatype !== "string") throw parseProblem("bad-shape", `${tensor} has no string "datatype"`);
  if (!Array.isArray(data)) throw parseProblem("bad-shape", `${tensor} has no "data" list`);
  const values = flattenRowMajor(data, shape.length);
  const size = (shape as number[]).reduce((product, dimension) => product * dimension, 1);
  if (values.length !== size) {
    throw parseProblem(
      "bad-shape",
      `${tensor}: shape ${describeValue(shape)} holds ${size} values but data has ${values.length}`,
    );
  }
  const rows = shape.length === 0 ? 1 : (shape[0] as number);
  if (rows === 0) throw parseProblem("bad-shape", `${tensor} has no rows (shape ${describeValue(shape)})`);
  return { name, rows, columns: size / rows, values };
};

/** Nested data flattened one level at a time (no recursion, so no stack to overflow), at most rank − 1 levels. */
function flattenRowMajor(data: unknown[], rank: number): unknown[] {
  let values = data;
  for (let level = 1; level < rank && values.some(Array.isArray); level++) values = values.flat();
  return values;
}

/** Row `row`'s value when the tensor has one column, else the row's values as a list. */
export function tensorRow(tensor: Tensor, row: number): unknown {
  const start = row * tensor.columns;
  return tensor.columns === 1 ? tensor.values[start] : tensor.values.slice(start, start + tensor.columns);
}

/** Row `row`, column `column`; undefined past the last column. */
export function tensorCell(tensor: Tensor, row: number, column: number): unknown {
  return column < tensor.columns ? tensor.values[row * tensor.columns + column] : undefined;
}
