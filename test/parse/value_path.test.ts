import * as assert from "assert";
import { valueAtPath } from "../../transforms/parse/value_path";

describe("value paths into an instance", () => {
  const instance = { a: { b: [10, { c: "deep" }] }, "x.y": 1, x: { y: 2 }, n: null };

  it("indexes rows by number and walks objects by field names and dots", () => {
    assert.strictEqual(valueAtPath([6.8, 2.8, 4.8, 1.4], 2), 4.8);
    assert.strictEqual(valueAtPath(instance, "a.b.0"), 10);
    assert.strictEqual(valueAtPath(instance, "a.b.1.c"), "deep");
    assert.strictEqual(valueAtPath(instance, "n"), null);
  });

  it("prefers a field whose name has a dot over the nested path", () => {
    assert.strictEqual(valueAtPath(instance, "x.y"), 1);
  });

  it("gives a scalar itself whatever the path", () => {
    assert.strictEqual(valueAtPath(5.1, "sepal_length"), 5.1);
    assert.strictEqual(valueAtPath("setosa", 0), "setosa");
  });

  it("finds nothing where the path leads nowhere, and never reaches Object.prototype", () => {
    for (const path of [
      "missing",
      "a.missing",
      "a.b.7",
      "a.b.length",
      "constructor",
      "__proto__",
      "a.toString",
    ]) {
      assert.strictEqual(valueAtPath(instance, path), undefined, path);
    }
    assert.strictEqual(valueAtPath([1, 2], 5), undefined);
    assert.strictEqual(valueAtPath(instance, 0), undefined);
  });
});
