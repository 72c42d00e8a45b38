import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { summariseCpuProfile } from "../../bench/throughput/cpu_profile_summary";

describe("summariseCpuProfile", () => {
  it("charges each sample's interval to the function on top (self) and to each one on the stack (total)", () => {
    const frame = (functionName: string, url: string, scriptId = "7") => ({ functionName, url, scriptId });
    const add = frame("add", "file:///w/dist/transforms/statistics/moments.js");
    // (root) → process → add → add (recursion); process → openCloudEvent → parse; (root) → (garbage collector).
    const profile = {
      nodes: [
        { id: 1, callFrame: frame("(root)", "", "0"), children: [2, 3] },
        { id: 2, callFrame: frame("(garbage collector)", "", "0") },
        {
          id: 3,
          callFrame: frame(
            "process",
            "file:///w/node_modules/apache-beam/dist/src/apache_beam/worker/operators.js",
          ),
          children: [4, 6],
        },
        { id: 4, callFrame: add, children: [7] },
        { id: 5, callFrame: frame("parse", "", "0") },
        { id: 6, callFrame: frame("openCloudEvent", ""), children: [5] },
        { id: 7, callFrame: add },
      ],
      startTime: 1_000,
      endTime: 2_000,
      samples: [3, 4, 7, 2, 6, 5],
      // Samples at 1000, 1100, 1300, 1600, 1650, 1700 µs; the last runs to endTime (2000 µs).
      timeDeltas: [0, 100, 200, 300, 50, 50],
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cpu-profile-"));
    const file = path.join(dir, "run.cpuprofile");
    fs.writeFileSync(file, JSON.stringify(profile));
    const summary = summariseCpuProfile(file, 10);
    fs.rmSync(dir, { recursive: true, force: true });
    const rounded = (rows: { name: string; ms: number; share: number }[]) =>
      rows.map((row) => [row.name, Math.round(row.ms * 1000) / 1000, Math.round(row.share * 1000) / 1000]);
    // add: 1100→1300 and 1300→1600 = 0.5 ms; parse: 1700→2000 = 0.3 ms; process 1000→1100 = 0.1 ms;
    // GC 1600→1650 = 0.05 ms; openCloudEvent (no script, not a builtin) 1650→1700 = 0.05 ms; of 1.0 ms.
    assert.strictEqual(summary.totalMs, 1);
    assert.deepStrictEqual(rounded(summary.selfByArea), [
      ["transforms/statistics", 0.5, 0.5],
      ["V8 builtins", 0.3, 0.3],
      ["apache-beam/worker", 0.1, 0.1],
      ["(garbage collector)", 0.05, 0.05],
      ["serialized DoFn code (no file)", 0.05, 0.05],
    ]);
    assert.deepStrictEqual(rounded(summary.selfByFile).slice(0, 3), [
      ["transforms/statistics/moments.ts", 0.5, 0.5],
      ["V8 builtins", 0.3, 0.3],
      ["apache-beam/worker/operators.js", 0.1, 0.1],
    ]);
    assert.deepStrictEqual(rounded(summary.selfByFunction)[0], [
      "add — transforms/statistics/moments.ts",
      0.5,
      0.5,
    ]);
  });
});
