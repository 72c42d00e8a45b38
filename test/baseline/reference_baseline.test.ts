import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { importReferenceBaseline } from "../../pipelines/baseline/reference_baseline";
import { validateSpec } from "../../pipelines/spec/load_spec";
import { MonitorSpec } from "../../pipelines/spec/schema";
import { NumericalBaseline, loadBaselineProfile } from "../../transforms/baseline/baseline_profile";
import { assertClose } from "../statistics/assert_close";
import { modelMonitor, temporaryDir } from "./baseline_cli";

const SPEC_YAML = `
model: iris
features:
  - {name: sepal_length, type: numerical, path: 0}
  - {name: petal_width, type: numerical, path: 1}
prediction: {name: species, type: numerical}
input: {format: kserve}
source: {kind: file, path: log.jsonl}
window: {size: 15s}
`;

function irisSpec(features: MonitorSpec["features"] = []): MonitorSpec {
  return validateSpec(
    {
      model: "iris",
      features: features.length > 0 ? features : [{ name: "sepal_length", type: "numerical" }],
      prediction: { name: "species", type: "numerical" },
      input: { format: "kserve" },
      source: { kind: "file", path: "log.jsonl" },
      window: { size: "15s" },
    },
    "iris.yaml",
    "/",
  );
}

/** From the reference system's Iris example (IrisMLBaseline.scala): two of its features, as it wrote them. */
const IRIS_REFERENCE = {
  descriptive: {
    species: { count: 120, avg: 1.0, stddev: 0.84016806, min: 0.0, max: 2.0 },
    sepal_length: { count: 120, avg: 5.845, stddev: 0.86857843, min: 4.4, max: 7.9 },
  },
  distributions: {
    // Its species bins add up to 82 of the 120 flowers.
    species: {
      "0.0": 42,
      "0.1": 0,
      "0.2": 0,
      "0.30000000000000004": 0,
      "0.4": 0,
      "0.5": 0,
      "0.6000000000000001": 0,
      "0.7000000000000001": 0,
      "0.8": 0,
      "0.9": 0,
      "1.0": 36,
      "1.1": 0,
      "1.2000000000000002": 0,
      "1.3": 0,
      "1.4000000000000001": 0,
      "1.5": 0,
      "1.6": 0,
      "1.7000000000000002": 0,
      "1.8": 0,
      "1.9000000000000001": 4,
    },
    sepal_length: {
      "4.400000095367432": 4,
      "4.5750000953674315": 6,
      "4.750000095367431": 10,
      "4.925000095367432": 16,
      "5.100000095367432": 3,
      "5.275000095367432": 6,
      "5.4500000953674315": 7,
      "5.625000095367431": 6,
      "5.800000095367432": 8,
      "5.975000095367432": 9,
      "6.150000095367432": 9,
      "6.3250000953674315": 11,
      "6.500000095367431": 2,
      "6.675000095367432": 8,
      "6.850000095367431": 4,
      "7.025000095367432": 3,
      "7.2000000953674315": 1,
      "7.375000095367431": 1,
      "7.550000095367432": 5,
      "7.725000095367431": 1,
    },
  },
};

describe("baseline job: importing the reference system's baseline", () => {
  it("rebuilds moments from count, avg and sample stddev: {1, 2, 3, 4} by hand", () => {
    // x̄ = 2.5, Σ(x − x̄)² = 2.25 + 0.25 + 0.25 + 2.25 = 5, sample stddev = √(5/3) = 1.2909944487358056,
    // so m2 = stddev²·(n − 1) = (5/3)·3 = 5 and the sum is 2.5·4 = 10.
    const reference = {
      descriptive: { sepal_length: { count: 4, avg: 2.5, stddev: Math.sqrt(5 / 3), min: 1, max: 4 } },
      // Three bins of width 1 from 1: [1, 2) holds 1, [2, 3) holds 2, [3, 4] holds 3 and 4.
      distributions: { sepal_length: { "1": 1, "2": 1, "3": 2 } },
    };
    const profile = importReferenceBaseline(irisSpec(), reference, "reference.json");
    const feature = profile.features.sepal_length as NumericalBaseline;
    assertClose(feature.moments.toJSON(), {
      count: 4,
      missing: 0,
      nonFinite: 0,
      sum: 10,
      mean: 2.5,
      m2: 5,
      min: 1,
      max: 4,
    });
    assertClose(feature.moments.result().populationStddev, Math.sqrt(5 / 4));
    // The last bin's upper edge: lower edge 3 + width 1 = 4, the max.
    assert.deepStrictEqual(feature.histogram.result().edges, [1, 2, 3, 4]);
    assert.deepStrictEqual(feature.histogram.result().counts, [1, 1, 2]);
    assert.strictEqual(feature.quantiles, undefined);
    assert.strictEqual(profile.coMoments, undefined);
  });

  it("reads the reference's own Iris numbers: sample stddev, bins by lower edge", () => {
    const notices: string[] = [];
    const profile = importReferenceBaseline(irisSpec(), IRIS_REFERENCE, "iris.json", {
      onNotice: (message) => notices.push(message),
    });
    assert.deepStrictEqual(notices, [
      'iris.json: feature "species": the distribution counts 82 values, the descriptive count is 120',
    ]);
    assert.deepStrictEqual(profile.source, { data: "iris.json", rows: 120, badRows: 0 });
    // species (coded 0, 1, 2): count 120 and avg 1 with 42 at 0 and 36 at 1 (its distribution) leave 42 at 2,
    // so Σ(x − 1)² = 42 + 0 + 42 = 84; and 0.84016806²·119 = 84.0000019 (the stddev printed to 8 digits),
    // while as a population stddev it would give 0.84016806²·120 = 84.706: the reference's is the sample one.
    const species = profile.features.species as NumericalBaseline;
    assert.ok(Math.abs(species.moments.toJSON().m2 - 84) < 2e-6, String(species.moments.toJSON().m2));
    assert.strictEqual(species.moments.result().sum, 120);
    const speciesEdges = species.histogram.result().edges;
    assert.strictEqual(speciesEdges.length, 21);
    assert.deepStrictEqual(speciesEdges.slice(0, 4), [0, 0.1, 0.2, 0.30000000000000004]);
    // Upper edge: lower edge 1.9 + width (1.9 − 1.8) = 2 in doubles, which is the max as well.
    assert.strictEqual(speciesEdges[20], 2);
    const sepal = (profile.features.sepal_length as NumericalBaseline).histogram.result();
    assert.strictEqual(sepal.edges.length, 21);
    // Upper edge: 7.725000095367431 + (7.725000095367431 − 7.550000095367432), above the max 7.9.
    assert.strictEqual(sepal.edges[20], 7.725000095367431 + (7.725000095367431 - 7.550000095367432));
    assert.strictEqual(
      sepal.counts.reduce((total, count) => total + count, 0),
      120,
    );
    assert.strictEqual(sepal.counts[3], 16);
  });

  it("says which spec columns it lacks and which of its features the spec lacks; notes counts that disagree", () => {
    const notices: string[] = [];
    const reference = {
      descriptive: {
        ...IRIS_REFERENCE.descriptive,
        petal_length: { count: 120, avg: 3.7, stddev: 1.8, min: 1, max: 6.9 },
      },
      distributions: { ...IRIS_REFERENCE.distributions, species: { "0.0": 42, "1.0": 36, "1.9": 4 } },
    };
    const spec = irisSpec([
      { name: "sepal_length", type: "numerical" },
      { name: "petal_width", type: "numerical" },
    ]);
    const profile = importReferenceBaseline(spec, reference, "iris.json", {
      onNotice: (m) => notices.push(m),
    });
    assert.deepStrictEqual(Object.keys(profile.features), ["sepal_length", "species"]);
    assert.deepStrictEqual(notices, [
      'iris.json: no entry for "petal_width": it has no baseline',
      'iris.json: feature "species": the distribution counts 82 values, the descriptive count is 120',
      "iris.json: not in the spec, ignored: petal_length",
    ]);
  });

  it("refuses a categorical feature, a missing distribution, a non-numeric edge and a different form", () => {
    const categorical = irisSpec([{ name: "sepal_length", type: "categorical" }]);
    assert.throws(() => importReferenceBaseline(categorical, IRIS_REFERENCE, "iris.json"), {
      message:
        'iris.json: feature "sepal_length" is categorical in the spec, but the reference baseline is numerical',
    });
    const noDistribution = {
      ...IRIS_REFERENCE,
      distributions: { species: IRIS_REFERENCE.distributions.species },
    };
    assert.throws(() => importReferenceBaseline(irisSpec(), noDistribution, "iris.json"), {
      message: 'iris.json: feature "sepal_length": descriptive statistics but no distribution',
    });
    const badEdge = {
      ...IRIS_REFERENCE,
      distributions: { ...IRIS_REFERENCE.distributions, species: { low: 1 } },
    };
    assert.throws(() => importReferenceBaseline(irisSpec(), badEdge, "iris.json"), {
      message: 'iris.json: feature "species": distribution key "low" is not a number (a bin\'s lower edge)',
    });
    assert.throws(
      () => importReferenceBaseline(irisSpec(), { features: {} }, "iris.json"),
      /not the reference baseline form/,
    );
  });

  it("is what `model-monitor baseline --import-reference` writes", () => {
    const dir = temporaryDir();
    const specFile = path.join(dir, "monitor.yaml");
    const referenceFile = path.join(dir, "reference.json");
    const out = path.join(dir, "baseline.json");
    fs.writeFileSync(specFile, SPEC_YAML);
    fs.writeFileSync(referenceFile, JSON.stringify(IRIS_REFERENCE));
    const run = modelMonitor("baseline", specFile, "--import-reference", referenceFile, "--out", out);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stderr, /no entry for "petal_width"/);
    const profile = loadBaselineProfile(out);
    assert.deepStrictEqual(profile.source, { data: "reference.json", rows: 120, badRows: 0 });
    assert.deepStrictEqual(Object.keys(profile.features), ["sepal_length", "species"]);
    assert.strictEqual(
      modelMonitor("baseline", specFile, "--import-reference", referenceFile, "--data", "x.csv").status,
      2,
    );
  });
});
