import * as beam from "apache-beam";
import { directRunner } from "apache-beam/runners/direct_runner";
import { assertDeepEqual } from "apache-beam/testing/assert";
import { serializeFn, deserializeFn } from "apache-beam/internal/serialize";
import { requireForSerialization } from "apache-beam/serialization";
import * as ss from "simple-statistics";
import * as assert from "assert";

requireForSerialization("simple-statistics", ss);

// The DoFn below captures both a plain config object and an imported module:
// the two kinds of free variable that break when the build skips
// ts-closure-transform ("X is not defined" at run time, not at compile time).
function scaledMeans(config: { scale: number; offset: number }) {
  return (values: number[]) => ss.mean(values) * config.scale + config.offset;
}

describe("closure serialization (ts-closure-transform build)", () => {
  it("round-trips a function that captures a config object and an imported module", () => {
    const fn = scaledMeans({ scale: 10, offset: 1 });
    const restored = deserializeFn(serializeFn({ fn })).fn as (xs: number[]) => number;
    assert.notStrictEqual(restored, fn);
    // mean([1, 2, 3]) = 2, so 2 * 10 + 1 = 21.
    assert.strictEqual(restored([1, 2, 3]), 21);
  });

  it("runs the captured DoFn inside a Beam pipeline", async () => {
    await directRunner().run((root) => {
      root
        .apply(
          beam.create([
            [1, 2, 3],
            [10, 20],
          ]),
        )
        .map(scaledMeans({ scale: 2, offset: 0.5 }))
        .apply(assertDeepEqual([4.5, 30.5]));
    });
  });
});
