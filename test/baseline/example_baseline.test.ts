import * as assert from "assert";
import * as path from "path";
import { buildBaselineProfile } from "../../pipelines/baseline/build_baseline_profile";
import { openTrainingData } from "../../pipelines/baseline/readers";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { baselineProfileToJson, loadBaselineProfile } from "../../transforms/baseline/baseline_profile";
import { FLIGHTS_DIR, FLIGHTS_SPEC, FLIGHTS_TRAINING } from "./baseline_cli";

describe("the flights example's baseline.json", () => {
  it("is the spec's baseline", () => {
    assert.strictEqual(loadSpec(FLIGHTS_SPEC).baseline, path.join(FLIGHTS_DIR, "baseline.json"));
  });

  it("is what the baseline job makes of training.csv now (apart from when it was made)", async () => {
    const committed = baselineProfileToJson(loadBaselineProfile(path.join(FLIGHTS_DIR, "baseline.json")));
    const fresh = baselineProfileToJson(
      await buildBaselineProfile(loadSpec(FLIGHTS_SPEC), await openTrainingData(FLIGHTS_TRAINING), {
        dataLabel: "training.csv",
        now: new Date(committed.createdAt),
      }),
    );
    // Compared as JSON text: the same bytes means every float is identical.
    assert.strictEqual(JSON.stringify(committed), JSON.stringify(fresh));
  });
});
