import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const CLI = path.resolve(__dirname, "../../cli/main.js");

function modelMonitor(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function writeSpec(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-")), "monitor.yaml");
  fs.writeFileSync(file, text);
  return file;
}

describe("model-monitor validate", () => {
  it("prints one line per problem with the field path and exits 2", () => {
    const file = writeSpec(`
model: flights
features:
  - {name: distance, type: numeric, path: 0}
input: {format: kserve}
source: {kind: file, path: log.jsonl}
window: {size: 15 seconds}
colour: blue
`);
    const run = modelMonitor("validate", file);
    assert.strictEqual(run.status, 2);
    const lines = run.stderr.trim().split("\n");
    assert.strictEqual(lines.length, 3, run.stderr);
    assert.ok(
      lines.every((line) => line.startsWith(`${file}: `)),
      run.stderr,
    );
    assert.ok(lines.some((l) => l.includes("features[0].type:")));
    assert.ok(lines.some((l) => l.includes("window.size:")));
    assert.ok(lines.some((l) => l.includes("colour: unknown field")));
  });

  it("accepts the bundled example and exits 0", () => {
    const run = modelMonitor("validate", path.resolve(__dirname, "../../../examples/flights/monitor.yaml"));
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stdout, /valid\. model /);
  });

  it("exits 2 on bad usage and 0 on --help", () => {
    assert.strictEqual(modelMonitor("no-such-command").status, 2);
    assert.strictEqual(modelMonitor("run").status, 2);
    const help = modelMonitor("--help");
    assert.strictEqual(help.status, 0);
    assert.match(help.stdout, /validate/);
    assert.match(help.stdout, /run/);
  });
});

describe("model-monitor --version", () => {
  it("prints the version in package.json and exits 0", () => {
    const packageJson = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8"));
    const run = modelMonitor("--version");
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stdout, `${packageJson.version}\n`);
  });
});
