import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  FLIGHTS_DIR,
  FLIGHTS_SPEC,
  FLIGHTS_TRAINING,
  modelMonitor,
  temporaryDir,
} from "../baseline/baseline_cli";

/** The flights spec in a folder of its own, reading the example's log, its `baseline.json` not built yet. */
function specWithoutBaseline(): { spec: string; baseline: string } {
  const dir = temporaryDir();
  const spec = path.join(dir, "monitor.yaml");
  const text = fs
    .readFileSync(FLIGHTS_SPEC, "utf8")
    .replace("path: inference_log.jsonl", `path: ${path.join(FLIGHTS_DIR, "inference_log.jsonl")}`);
  fs.writeFileSync(spec, text);
  return { spec, baseline: path.join(dir, "baseline.json") };
}

/** A line of a Node stack trace. */
const STACK_FRAME = /^\s+at /m;

describe("model-monitor run and validate with a spec's baseline file", () => {
  for (const command of ["run", "validate"]) {
    it(`${command}: a baseline not built yet is one line with the command that builds it, exit 2`, () => {
      const { spec, baseline } = specWithoutBaseline();
      const run = modelMonitor(command, spec);
      assert.strictEqual(run.status, 2, run.stderr);
      assert.strictEqual(
        run.stderr,
        `${spec}: baseline: ${baseline} does not exist yet; build it with ` +
          `\`model-monitor baseline ${spec} --data <training data>\`\n`,
      );
      assert.strictEqual(run.stdout, "");
    });
  }

  it("run: an unreadable baseline names the file, exit 2, and shows the stack only with --debug", () => {
    const { spec, baseline } = specWithoutBaseline();
    fs.writeFileSync(baseline, "{ not json");
    const run = modelMonitor("run", spec, "--out", temporaryDir());
    assert.strictEqual(run.status, 2, run.stderr);
    // Names the file and what is wrong, never quoting the file's contents.
    assert.match(
      run.stderr,
      /^model-monitor: .*baseline\.json: the baseline profile is not JSON at position \d+\n$/,
    );
    assert.doesNotMatch(run.stderr, /not json/);
    assert.strictEqual(run.stderr.trimEnd().split("\n").length, 1, run.stderr);
    assert.doesNotMatch(run.stderr, STACK_FRAME);

    const debug = modelMonitor("--debug", "run", spec, "--out", temporaryDir());
    assert.strictEqual(debug.status, 2, debug.stderr);
    assert.match(
      debug.stderr,
      /^BaselineProfileError: .*baseline\.json: the baseline profile is not JSON at position \d+\n/,
    );
    assert.match(debug.stderr, STACK_FRAME);
  });
});

describe("model-monitor baseline and an existing profile", () => {
  it("keeps an existing profile without --force: exit 2, saying how to overwrite or write elsewhere", () => {
    const out = path.join(temporaryDir(), "baseline.json");
    fs.writeFileSync(out, "kept\n");
    const run = modelMonitor("baseline", FLIGHTS_SPEC, "--data", FLIGHTS_TRAINING, "--out", out);
    assert.strictEqual(run.status, 2, run.stderr);
    assert.strictEqual(
      run.stderr,
      `error: ${out} exists; give --force to overwrite it, or --out <file> to write the profile elsewhere\n`,
    );
    assert.strictEqual(fs.readFileSync(out, "utf8"), "kept\n");
  });

  it("overwrites it with --force", () => {
    const out = path.join(temporaryDir(), "baseline.json");
    fs.writeFileSync(out, "replaced\n");
    const run = modelMonitor("baseline", FLIGHTS_SPEC, "--data", FLIGHTS_TRAINING, "--out", out, "--force");
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stderr, /wrote .*baseline\.json: 6937 rows, 0 bad;/);
    assert.strictEqual(JSON.parse(fs.readFileSync(out, "utf8")).source.rows, 6937);
  });
});
