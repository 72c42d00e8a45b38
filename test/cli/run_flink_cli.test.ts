import * as assert from "assert";
import * as os from "os";
import * as path from "path";
import { FLIGHTS_SPEC, modelMonitor } from "../baseline/baseline_cli";

/** What `run --runner flink` refuses before starting anything (its runs on a real job server: test/flink). */
describe("model-monitor run --runner flink: errors before anything starts", () => {
  it("exits 1 without a job server jar, saying what to download and where to put it", () => {
    const missing = path.join(os.tmpdir(), "no-such-dir", "job-server.jar");
    const run = modelMonitor("run", FLIGHTS_SPEC, "--runner", "flink", "--job-server-jar", missing);
    assert.strictEqual(run.status, 1, run.stderr);
    assert.match(run.stderr, new RegExp(`the Beam Flink job server jar ${missing} does not exist`));
    assert.match(
      run.stderr,
      /beam-runners-flink-1\.16-job-server\/2\.49\.0\/beam-runners-flink-1\.16-job-server-2\.49\.0\.jar/,
    );
    assert.match(run.stderr, /--job-server-jar <path>/);
  });

  it("exits 2 when Flink's options are given with another runner", () => {
    const run = modelMonitor(
      "run",
      FLIGHTS_SPEC,
      "--job-endpoint",
      "localhost:8099",
      "--checkpointing-interval",
      "5",
    );
    assert.strictEqual(run.status, 2, run.stderr);
    assert.match(run.stderr, /--job-endpoint, --checkpointing-interval: only with --runner flink/);
  });
});
