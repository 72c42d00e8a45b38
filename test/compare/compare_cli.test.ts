import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { smirnovExactPValue } from "../../transforms/drift/smirnov_exact";
import { modelMonitor, temporaryDir } from "../baseline/baseline_cli";
import { assertClose } from "../statistics/assert_close";

// Two fixed samples whose drift the metric tests pin (test/drift):
// - party: Agresti's party identification by gender (chi2.test.ts), females 762 Democrat, 327 Independent,
//   468 Republican as the reference, males 484, 239, 477 as the current data: χ² = 30.1, df = 2;
// - x: {1, …, 5} against {3, …, 8} (ks.test.ts): D = 0.5; the other rows leave x empty (missing).
function csv(party: [number, number, number], x: number[]): string {
  const parties = ["Democrat", "Independent", "Republican"].flatMap((name, i) => Array(party[i]).fill(name));
  return ["x,party", ...parties.map((name, i) => `${x[i] ?? ""},${name}`)].join("\n") + "\n";
}

const SPEC = {
  model: "survey",
  features: [
    { name: "x", type: "numerical" },
    { name: "party", type: "categorical" },
  ],
  input: { format: "json" },
  source: { kind: "file", path: "unused.jsonl" },
  window: { size: "60s" },
  baseline: "unused.json",
  drift: { metrics: [{ name: "ks" }, { name: "chi2", features: ["party"] }], minSamples: 5 },
};

describe("model-monitor compare", () => {
  const dir = temporaryDir();
  const specFile = path.join(dir, "spec.json");
  const reference = path.join(dir, "females.csv");
  const current = path.join(dir, "males.csv");
  fs.writeFileSync(specFile, JSON.stringify(SPEC));
  fs.writeFileSync(reference, csv([762, 327, 468], [1, 2, 3, 4, 5]));
  fs.writeFileSync(current, csv([484, 239, 477], [3, 4, 5, 6, 7, 8]));

  it("--json prints one drift-record line per feature and metric with the pinned values", () => {
    const run = modelMonitor("compare", specFile, "--reference", reference, "--current", current, "--json");
    assert.strictEqual(run.status, 0, run.stderr);
    const lines = run.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepStrictEqual(
      lines.map((line) => [line.kind, line.model, line.feature, line.role, line.metric]),
      [
        ["drift", "survey", "x", "feature", "ks"],
        ["drift", "survey", "party", "feature", "chi2"],
      ],
    );
    const ks = lines[0];
    assert.strictEqual(ks.value, 0.5);
    assertClose(ks.pValue, smirnovExactPValue(0.5, 5, 6), 1e-15);
    assert.deepStrictEqual([ks.threshold, ks.drifted, ks.sampleSize], [0.05, false, 6]);
    assert.strictEqual((ks.details as { method: string }).method, "exact");
    const chi2 = lines[1];
    assert.strictEqual((chi2.value as number).toFixed(1), "30.1");
    // df = 2: P(χ²₂ ≥ x) = e^(−x/2) = 2.9536e-7.
    assertClose(chi2.pValue, Math.exp(-(chi2.value as number) / 2), 1e-14);
    assertClose(chi2.pValue, 2.9536e-7, 1e-10);
    assert.deepStrictEqual([chi2.drifted, chi2.sampleSize, chi2.adjustedPValue], [true, 1200, undefined]);
    assert.ok(typeof chi2.emittedAt === "string" && !("window" in chi2));
  });

  it("prints a table with value, p-value, threshold, the threshold in force, size, verdict and method", () => {
    const run = modelMonitor("compare", specFile, "--reference", reference, "--current", current);
    assert.strictEqual(run.status, 0, run.stderr);
    const rows = run.stdout.split("\n").map((line) => line.split(/ {2,}/));
    assert.deepStrictEqual(rows[1], [
      "feature",
      "metric",
      "value",
      "p-value",
      "threshold",
      "in force",
      "n",
      "verdict",
      "method",
    ]);
    assert.deepStrictEqual(rows[2], [
      "x",
      "ks",
      "0.5",
      String(Number(smirnovExactPValue(0.5, 5, 6).toPrecision(4))),
      "0.05",
      "0.05",
      "6",
      "ok",
      "exact p-value, exact samples",
    ]);
    assert.deepStrictEqual(rows[3], [
      "party",
      "chi2",
      "30.07",
      "2.95e-7",
      "0.05",
      "0.05",
      "1200",
      "DRIFT",
      "asymptotic p-value, χ² with 2 df, 0 outcomes pooled",
    ]);
    assert.strictEqual(rows[4][0], "1 of 2 comparisons drifted");
  });

  it("refuses a spec without a drift section, saying why", () => {
    const bare = path.join(dir, "bare.json");
    fs.writeFileSync(bare, JSON.stringify({ ...SPEC, drift: undefined }));
    const run = modelMonitor("compare", bare, "--reference", reference, "--current", current);
    assert.strictEqual(run.status, 2);
    assert.strictEqual(run.stderr, `${bare}: drift: missing: compare needs it to say which metrics to use\n`);
  });
});
