import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MAX_SPEC_BYTES, SpecError, loadSpec } from "../../pipelines/spec/load_spec";
import {
  BaselineProfileError,
  MAX_BASELINE_PROFILE_BYTES,
  loadBaselineProfile,
} from "../../transforms/baseline/baseline_profile";

const CLI = path.resolve(__dirname, "../../cli/main.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "input-limits-"));
/** Text that must never appear in a message about the file holding it. */
const SECRET = "s3cr3t-Token-do-not-print";

function fileWith(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const specMessage = (file: string): string => {
  try {
    loadSpec(file);
  } catch (error) {
    assert.ok(error instanceof SpecError, `expected a SpecError, got ${(error as Error).stack}`);
    return error.message;
  }
  assert.fail("the spec was accepted");
};

const baselineMessage = (file: string): string => {
  try {
    loadBaselineProfile(file);
  } catch (error) {
    assert.ok(
      error instanceof BaselineProfileError,
      `expected a BaselineProfileError, got ${(error as Error).stack}`,
    );
    return error.message;
  }
  assert.fail("the baseline was accepted");
};

/** Each level holds nine of the previous: 9^9 strings once expanded ("billion laughs"). */
const ALIAS_BOMB = ["a: &a [x, x, x, x, x, x, x, x, x]"]
  .concat(
    "bcdefghi".split("").map((name, i) => {
      const previous = "abcdefghi"[i];
      return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`;
    }),
  )
  .join("\n");

describe("input limits of spec and baseline files", () => {
  it("refuses a spec larger than 1 MiB or not a regular file, without reading it", () => {
    const big = fileWith("big.yaml", `model: m\n# ${"x".repeat(MAX_SPEC_BYTES)}\n`);
    assert.strictEqual(
      specMessage(big),
      `${big}: (top level): cannot read the spec: ${MAX_SPEC_BYTES + 12} bytes, over the limit of ${MAX_SPEC_BYTES} bytes`,
    );
    assert.strictEqual(
      specMessage("/dev/urandom"),
      "/dev/urandom: (top level): cannot read the spec: not a regular file",
    );
  });

  it("says where YAML breaks without quoting the file", () => {
    const broken = fileWith("broken.yaml", `model: ${SECRET}\nfeatures: [1\nsource: {kind: file\n`);
    const message = specMessage(broken);
    assert.ok(!message.includes(SECRET), message);
    assert.match(
      message,
      /^.*broken\.yaml: \(top level\): not valid YAML\/JSON: .* at line \d+, column \d+$/m,
    );
  });

  it("an alias bomb is a spec problem: `validate` exits 2 with one line, no stack trace", () => {
    const bomb = fileWith("bomb.yaml", ALIAS_BOMB);
    const run = spawnSync(process.execPath, [CLI, "validate", bomb], { encoding: "utf8", timeout: 20_000 });
    assert.strictEqual(run.status, 2, run.stderr);
    assert.strictEqual(
      run.stderr,
      `${bomb}: (top level): cannot expand the YAML: Excessive alias count indicates a resource exhaustion attack\n`,
    );
  });

  it("refuses a baseline that is a device or too large, and never quotes an unreadable one", () => {
    assert.strictEqual(
      baselineMessage("/dev/urandom"),
      "/dev/urandom: cannot read the baseline profile: not a regular file",
    );
    const notJson = fileWith("profile.json", `${SECRET} and more`);
    assert.strictEqual(baselineMessage(notJson), `${notJson}: the baseline profile is not JSON`);
    const truncated = fileWith("truncated.json", `{"token": "${SECRET}`);
    assert.strictEqual(
      baselineMessage(truncated),
      `${truncated}: the baseline profile is not JSON at position 36`,
    );
    const empty = fileWith("empty.json", "");
    assert.strictEqual(baselineMessage(empty), `${empty}: the baseline profile is not JSON: it ends early`);
    const big = path.join(dir, "big.json");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, MAX_BASELINE_PROFILE_BYTES + 1);
    assert.strictEqual(
      baselineMessage(big),
      `${big}: cannot read the baseline profile: ${MAX_BASELINE_PROFILE_BYTES + 1} bytes, over the limit of ` +
        `${MAX_BASELINE_PROFILE_BYTES} bytes`,
    );
  });
});
