import * as assert from "assert";
import { outliersOf } from "../../transforms/outliers/outlier_record";
import { outliersSpecSchema } from "../../transforms/outliers/outlier_spec";
import { buildOutlierDetectors } from "../../transforms/outliers/registry";
import type { InferenceRecord } from "../../transforms/parse/inference_record";
import { baselineOf } from "./baseline_fixture";

const NOW_MS = Date.UTC(2026, 0, 2, 3, 4, 5, 6);

describe("outliers: outlier records", () => {
  // x = 3, 5, 7: range [3, 7], mean 5, s = 2.
  const detectors = buildOutlierDetectors(
    outliersSpecSchema.parse([{ method: "range" }, { method: "zscore" }, { method: "unseen" }]),
    baselineOf({ x: [3, 5, 7], color: ["red", "blue"] }),
  );
  const record = (
    features: InferenceRecord["features"],
    part: InferenceRecord["part"] = "request",
  ): InferenceRecord => ({
    requestId: "req-1",
    instance: 2,
    model: "iris",
    eventTimeMs: 1767225600000,
    part,
    features,
  });

  it("gives one record per flagged (feature, method), in detector order", () => {
    // x = 13: 6 beyond max 7; z = |13 − 5| / 2 = 4 > 3. color green: unseen.
    assert.deepStrictEqual(outliersOf(record({ x: 13, color: "green" }), detectors, NOW_MS), [
      {
        kind: "outlier",
        model: "iris",
        requestId: "req-1",
        instance: 2,
        eventTimeMs: 1767225600000,
        feature: "x",
        value: 13,
        method: "range",
        score: 6,
        threshold: 0,
        emittedAt: "2026-01-02T03:04:05.006Z",
      },
      {
        kind: "outlier",
        model: "iris",
        requestId: "req-1",
        instance: 2,
        eventTimeMs: 1767225600000,
        feature: "x",
        value: 13,
        method: "zscore",
        score: 4,
        threshold: 3,
        emittedAt: "2026-01-02T03:04:05.006Z",
      },
      {
        kind: "outlier",
        model: "iris",
        requestId: "req-1",
        instance: 2,
        eventTimeMs: 1767225600000,
        feature: "color",
        value: "green",
        method: "unseen",
        score: 1,
        threshold: 0,
        emittedAt: "2026-01-02T03:04:05.006Z",
      },
    ]);
  });

  it("gives none for ordinary values, missing values and a response record (which has no features)", () => {
    // x = 8: beyond max 7 (range) but z = 1.5 (zscore quiet).
    assert.deepStrictEqual(
      outliersOf(record({ x: 8, color: "red" }), detectors, NOW_MS).map((outlier) => outlier.method),
      ["range"],
    );
    assert.deepStrictEqual(outliersOf(record({ x: 6, color: "blue" }), detectors, NOW_MS), []);
    assert.deepStrictEqual(outliersOf(record({ x: null, color: null }), detectors, NOW_MS), []);
    assert.deepStrictEqual(outliersOf(record({}, "response"), detectors, NOW_MS), []);
  });
});
