import * as assert from "assert";
import { driftEntry } from "../../pipelines/spec/drift_spec";
import { SpecError, validateSpec } from "../../pipelines/spec/load_spec";

const spec = (extra: Record<string, unknown>) => ({
  model: "flights",
  features: [
    { name: "delay", type: "numerical" },
    { name: "origin", type: "categorical" },
  ],
  prediction: { name: "predicted", type: "numerical" },
  input: { format: "kserve" },
  source: { kind: "file", path: "log.jsonl" },
  window: { size: "60s" },
  baseline: "baseline.json",
  ...extra,
});

function problemsOf(document: unknown): string[] {
  try {
    validateSpec(document, "spec.yaml", "/specs");
  } catch (error) {
    assert.ok(error instanceof SpecError, `expected a SpecError, got ${error}`);
    return error.message.split("\n");
  }
  assert.fail("the spec was accepted");
}

describe("the spec's outliers, drift and alerts sections", () => {
  it("fills defaults: no detectors, no drift, alerts on drift with critical factor 2", () => {
    const valid = validateSpec(spec({}), "spec.yaml", "/specs");
    assert.deepStrictEqual(
      [valid.outliers, valid.drift, valid.alerts],
      [[], undefined, { drift: true, minInstances: 30, criticalFactor: 2 }],
    );
    const drift = validateSpec(spec({ drift: { metrics: [{ name: "ks" }] } }), "spec.yaml", "/specs").drift;
    assert.deepStrictEqual(drift, {
      metrics: [{ name: "ks" }],
      minSamples: 30,
      correction: "none",
      alpha: 0.05,
    });
  });

  it("needs a baseline for outliers and drift, naming the field", () => {
    const { baseline: _baseline, ...withoutBaseline } = spec({
      outliers: [{ method: "range" }],
      drift: { metrics: [{ name: "psi" }] },
    });
    assert.deepStrictEqual(problemsOf(withoutBaseline), [
      "spec.yaml: outliers: outliers compares with a baseline profile: set `baseline` to one " +
        "(built from training data by `model-monitor baseline`)",
      "spec.yaml: drift: drift compares with a baseline profile: set `baseline` to one " +
        "(built from training data by `model-monitor baseline`)",
    ]);
  });

  it("checks each drift metric against the features, thresholds and statistics it needs", () => {
    assert.deepStrictEqual(
      problemsOf(
        spec({
          drift: {
            metrics: [
              { name: "wasserstein" },
              { name: "ks", features: ["origin", "nope"] },
              { name: "chi2", threshold: 5 },
              { name: "psi", features: ["delay"] },
              { name: "psi", features: ["delay", "origin"] },
            ],
          },
          statistics: { histogram: false },
        }),
      ),
      [
        "spec.yaml: drift.metrics[0].threshold: wasserstein has no default threshold (it is in the feature's units): set one",
        "spec.yaml: drift.metrics[0]: drift on numerical features reads the window's histogram: set statistics.histogram: true",
        'spec.yaml: drift.metrics[1].features: "origin" is categorical; ks compares numerical features',
        'spec.yaml: drift.metrics[1].features: "nope" is not a feature or the prediction of this spec',
        "spec.yaml: drift.metrics[2].threshold: chi2 is a test: its threshold is the significance level α, in (0, 1)",
        "spec.yaml: drift.metrics[2]: drift on numerical features reads the window's histogram: set statistics.histogram: true",
        "spec.yaml: drift.metrics[3]: drift on numerical features reads the window's histogram: set statistics.histogram: true",
        'spec.yaml: drift.metrics[4].features: psi already compares "delay" in drift.metrics[3]',
        "spec.yaml: drift.metrics[4]: drift on numerical features reads the window's histogram: set statistics.histogram: true",
      ],
    );
    assert.deepStrictEqual(
      problemsOf(spec({ drift: { metrics: [{ name: "ks" }] }, statistics: { quantiles: [] } })),
      [
        "spec.yaml: drift.metrics[0]: ks reads the window's quantile sketch: statistics.quantiles must not be []",
      ],
    );
    assert.deepStrictEqual(
      problemsOf(spec({ drift: { metrics: [{ name: "kss" }], correction: "holm" } })).length,
      2,
    );
  });

  it("reads a drift entry the same way for the spec's checks and the drift plan", () => {
    const monitored = [
      { name: "delay", type: "numerical" as const },
      { name: "origin", type: "categorical" as const },
      { name: "predicted", type: "numerical" as const },
    ];
    // Unlisted: every monitored feature of the metric's types; no threshold: the metric's default.
    assert.deepStrictEqual(driftEntry({ name: "ks" }, monitored), {
      features: ["delay", "predicted"],
      threshold: 0.05,
    });
    assert.deepStrictEqual(driftEntry({ name: "psi", threshold: 0.25 }, monitored), {
      features: ["delay", "origin", "predicted"],
      threshold: 0.25,
    });
    assert.deepStrictEqual(driftEntry({ name: "wasserstein", features: ["predicted"] }, monitored), {
      features: ["predicted"],
      threshold: null,
    });
  });

  it("needs outlier detectors for an outlier-rate alert", () => {
    assert.deepStrictEqual(problemsOf(spec({ alerts: { outlierRate: 0.05 } })), [
      "spec.yaml: alerts.outlierRate: an outlier-rate alert needs outlier detectors: add `outliers` entries",
    ]);
    assert.deepStrictEqual(
      problemsOf(spec({ outliers: [{ method: "range" }], alerts: { outlierRate: 1.5 } })).length,
      1,
    );
  });
});
