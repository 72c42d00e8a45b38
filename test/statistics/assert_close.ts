import * as assert from "assert";

/**
 * Deep equality in which numbers may differ by a relative tolerance,
 * |a − b| ≤ tolerance · max(1, |a|, |b|): what "equal up to rounding" means
 * for floating-point statistics accumulated in a different order.
 */
export function assertClose(actual: unknown, expected: unknown, tolerance = 1e-9, path = "result"): void {
  if (typeof actual === "number" && typeof expected === "number") {
    const scale = Math.max(1, Math.abs(actual), Math.abs(expected));
    assert.ok(
      Math.abs(actual - expected) <= tolerance * scale,
      `${path}: ${actual} is not within ${tolerance} of ${expected}`,
    );
  } else if (Array.isArray(actual) && Array.isArray(expected)) {
    assert.strictEqual(actual.length, expected.length, `${path}: length`);
    actual.forEach((item, i) => assertClose(item, expected[i], tolerance, `${path}[${i}]`));
  } else if (isObject(actual) && isObject(expected)) {
    assert.deepStrictEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const key of Object.keys(expected))
      assertClose(actual[key], expected[key], tolerance, `${path}.${key}`);
  } else {
    assert.strictEqual(actual, expected, path);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
