import * as assert from "assert";
import "apache-beam";
import { deserializeFn, serializeFn } from "apache-beam/internal/serialize";
import { outliersOf } from "../../transforms/outliers/outlier_record";
import { outliersSpecSchema } from "../../transforms/outliers/outlier_spec";
import { buildOutlierDetectors } from "../../transforms/outliers/registry";
import type { InferenceRecord } from "../../transforms/parse/inference_record";
import { baselineOf } from "./baseline_fixture";

describe("outliers inside a Beam DoFn (closure serialization)", () => {
  it("gives the same outlier records after Beam serializes and restores the detectors", () => {
    const profile = baselineOf({
      x: Array.from({ length: 20 }, (_, i) => i + 1),
      y: Array.from({ length: 20 }, (_, i) => ((i * 7) % 20) - 3),
      color: ["red", "blue", "green"],
    });
    // Built once, at pipeline construction; the DoFn captures only the detectors.
    const detectors = buildOutlierDetectors(
      outliersSpecSchema.parse([
        { method: "range" },
        { method: "zscore", threshold: 1.5 },
        { method: "iqr", k: 0.5 },
        { method: "unseen" },
        { method: "mahalanobis", pValue: 0.2 },
      ]),
      profile,
    );
    const perRecord = (record: InferenceRecord) => outliersOf(record, detectors, 1767225600000);
    const restored = deserializeFn(serializeFn({ perRecord })).perRecord as typeof perRecord;
    assert.notStrictEqual(restored, perRecord);
    const records: InferenceRecord[] = [
      [40, -10, "purple"],
      [10, 3, "red"],
      [null, 30, null],
      [25, null, "blue"],
    ].map(([x, y, color], instance) => ({
      requestId: "r",
      instance,
      model: "m",
      eventTimeMs: 1767225600000 + instance,
      part: "request",
      features: { x, y, color },
    }));
    const expected = records.map(perRecord);
    assert.deepStrictEqual(
      expected.map((outliers) => outliers.map((outlier) => `${outlier.method}:${outlier.feature}`)),
      [
        ["range:x", "range:y", "zscore:x", "zscore:y", "iqr:x", "iqr:y", "unseen:color", "mahalanobis:*"],
        [],
        ["range:y", "zscore:y", "iqr:y", "mahalanobis:*"],
        ["range:x", "zscore:x", "iqr:x", "mahalanobis:*"],
      ],
    );
    assert.deepStrictEqual(records.map(restored), expected);
    // Detectors that have screened records already (mahalanobis has cached marginal factors) restore too.
    const restoredAfterUse = deserializeFn(serializeFn({ perRecord })).perRecord as typeof perRecord;
    assert.deepStrictEqual(records.map(restoredAfterUse), expected);
  });
});
