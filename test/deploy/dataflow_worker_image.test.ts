import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPOSITORY, readDockerfile } from "./dockerfile";

describe("deploy/dataflow-worker.Dockerfile", () => {
  it("is the worker image of this package's version with Beam's container contract entry point, which the build emits", () => {
    const packageVersion = JSON.parse(fs.readFileSync(path.join(REPOSITORY, "package.json"), "utf8")).version;
    const image = readDockerfile("dataflow-worker.Dockerfile");
    assert.strictEqual(image.only("FROM"), `beam-model-monitor-worker:${packageVersion}`);
    const entrypoint = image.execForm("ENTRYPOINT");
    assert.deepStrictEqual(entrypoint, ["node", "dist/cli/dataflow_worker.js"]);
    // The worker image's working directory is the package root, holding the built dist/.
    assert.strictEqual(
      readDockerfile("worker.Dockerfile")
        .instructions.filter((i) => i.name === "WORKDIR")
        .pop()!.args,
      "/app",
    );
    assert.ok(fs.existsSync(path.join(REPOSITORY, entrypoint[1])), `${entrypoint[1]} is not built`);
  });
});
