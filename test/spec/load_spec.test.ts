import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SpecError, loadSpec, validateSpec } from "../../pipelines/spec/load_spec";

const minimalSpec = () => ({
  model: "iris",
  features: [
    { name: "sepal_length", type: "numerical", path: 0 },
    { name: "species_hint", type: "categorical", path: "hint" },
  ],
  input: { format: "kserve" },
  source: { kind: "file", path: "log.jsonl" },
  window: { size: "15s", watermarkDelay: "6s" },
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

describe("monitoring spec", () => {
  it("fills defaults and converts durations to milliseconds", () => {
    const spec = validateSpec(minimalSpec(), "spec.yaml", "/specs");
    assert.deepStrictEqual(spec.window, { size: 15_000, watermarkDelay: 6_000, allowedLateness: 0 });
    assert.strictEqual(spec.input.eventTime, "record-timestamp");
    assert.deepStrictEqual(spec.sinks, [{ kind: "file", dir: "/specs/out" }]);
  });

  it("resolves relative paths against the spec's folder", () => {
    const spec = validateSpec({ ...minimalSpec(), baseline: "../b.json" }, "spec.yaml", "/specs/a");
    assert.deepStrictEqual(spec.source, { kind: "file", path: "/specs/a/log.jsonl", replaySpeed: 0 });
    assert.strictEqual(spec.baseline, "/specs/b.json");
  });

  it("reports a wrong type, an unknown field and a bad duration, one line each with the field path", () => {
    const document = minimalSpec() as Record<string, unknown>;
    document.features = [{ name: "x", type: "numeric", path: 0 }];
    document.colour = "blue";
    document.window = { size: "15 seconds" };
    const lines = problemsOf(document);
    assert.strictEqual(lines.length, 3, lines.join("\n"));
    assert.match(
      lines.find((l) => l.includes("features[0].type"))!,
      /^spec\.yaml: features\[0\]\.type: .*numerical.*categorical/,
    );
    assert.match(
      lines.find((l) => l.includes("colour"))!,
      /^spec\.yaml: colour: unknown field$/,
    );
    assert.match(
      lines.find((l) => l.includes("window.size"))!,
      /expected a duration like "15s".*got "15 seconds"/,
    );
  });

  it("rejects a slide longer than the window and duplicate feature names", () => {
    const lines = problemsOf({
      ...minimalSpec(),
      features: [
        { name: "a", type: "numerical" },
        { name: "a", type: "numerical" },
      ],
      window: { size: "10s", slide: "20s" },
    });
    assert.ok(lines.some((l) => l.startsWith("spec.yaml: window.slide: slide must be positive and at most")));
    assert.ok(lines.some((l) => l.startsWith("spec.yaml: features: feature names must be unique")));
  });

  it("names the file when the YAML itself is broken", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec-"));
    const file = path.join(dir, "broken.yaml");
    fs.writeFileSync(file, "model: [unclosed\n");
    assert.throws(
      () => loadSpec(file),
      (error: Error) =>
        error instanceof SpecError && error.message.startsWith(`${file}: (top level): not valid YAML/JSON`),
    );
  });

  it("reads JSON specs as well as YAML", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec-"));
    const file = path.join(dir, "spec.json");
    fs.writeFileSync(file, JSON.stringify(minimalSpec()));
    assert.strictEqual(loadSpec(file).model, "iris");
  });
});
