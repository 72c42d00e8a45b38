import * as assert from "assert";
import { outliersSpecSchema } from "../../transforms/outliers/outlier_spec";

describe("outliers: spec section", () => {
  it("fills in the documented defaults", () => {
    assert.deepStrictEqual(
      outliersSpecSchema.parse([
        { method: "range" },
        { method: "zscore" },
        { method: "iqr", features: ["x"] },
        { method: "unseen" },
        { method: "mahalanobis" },
      ]),
      [
        { method: "range" },
        { method: "zscore", threshold: 3 },
        { method: "iqr", features: ["x"], k: 1.5 },
        { method: "unseen" },
        { method: "mahalanobis", pValue: 0.01, ridge: 1e-6 },
      ],
    );
    assert.deepStrictEqual(outliersSpecSchema.parse(undefined), []);
  });

  it("rejects unknown methods, parameters of another method, and out-of-range values, naming the field", () => {
    const issues = (input: unknown) => {
      const parsed = outliersSpecSchema.safeParse(input);
      assert.ok(!parsed.success, JSON.stringify(input));
      return parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.code}`);
    };
    assert.deepStrictEqual(issues([{ method: "isolation_forest" }]), ["0.method: invalid_union"]);
    assert.deepStrictEqual(issues([{ method: "range", threshold: 2 }]), ["0: unrecognized_keys"]);
    assert.deepStrictEqual(issues([{ method: "zscore", threshold: 0 }]), ["0.threshold: too_small"]);
    assert.deepStrictEqual(issues([{ method: "iqr", k: -1 }]), ["0.k: too_small"]);
    assert.deepStrictEqual(issues([{ method: "mahalanobis", pValue: 1 }]), ["0.pValue: too_big"]);
    assert.deepStrictEqual(issues([{ method: "mahalanobis", ridge: 0 }]), ["0.ridge: too_small"]);
    assert.deepStrictEqual(issues([{ method: "unseen", features: ["a", "a"] }]), ["0.features: custom"]);
    assert.deepStrictEqual(issues([{ method: "unseen", features: [] }]), ["0.features: too_small"]);
  });
});
