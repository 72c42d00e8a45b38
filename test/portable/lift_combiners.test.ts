// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { monitorPipeline } from "../../pipelines/monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { RESULT_KINDS, type MonitorSpec } from "../../pipelines/spec/schema";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
import { liftCombiners } from "../../runners/portable/lift_combiners";
import { pipelineProto } from "../../runners/portable/pipeline_proto";
import { prepareFileSink } from "../../transforms/io/result_sink";
import { assertClose } from "../statistics/assert_close";
import { writtenResults } from "./written_results";

const SPEC = path.resolve(__dirname, "../../../examples/flights/monitor.yaml");
const COMBINE_PER_KEY = "beam:transform:combine_per_key:v1";

/** The example spec writing into a fresh directory; its KLL sketches exact (k above any window's count). */
function exampleSpec(): MonitorSpec {
  const spec = loadSpec(SPEC);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lift-combiners-"));
  spec.statistics.quantileSketchK = 4096; // a day has at most 249 instances: no compaction, no merge-order effect
  spec.sinks = [{ kind: "file", dir }];
  prepareFileSink(dir, RESULT_KINDS);
  return spec;
}

const combines = (pipeline: runnerApi.Pipeline) =>
  Object.entries(pipeline.components!.transforms).filter(([, t]) => t.spec?.urn === COMBINE_PER_KEY);

const resultsOf = (spec: MonitorSpec) => writtenResults((spec.sinks[0] as { dir: string }).dir);

describe("combiner lifting before submission (liftCombiners)", function () {
  this.timeout(120_000);

  it("rewrites each combine_per_key into precombine → GroupByKey → merge → extract with the right coders", async () => {
    const original = await pipelineProto(monitorPipeline(loadSpec(SPEC)));
    const lifted = liftCombiners(original);
    const components = lifted.components!;
    // The example has three combines: per-feature statistics, correlation, windowed outlier counts.
    assert.strictEqual(combines(original).length, 3);
    assert.deepStrictEqual(
      combines(lifted).map(([id]) => id),
      combines(original).map(([id]) => id),
    );
    for (const [id, combine] of combines(lifted)) {
      const before = original.components!.transforms[id];
      assert.deepStrictEqual(combine.spec, before.spec, "the combine keeps its URN and payload");
      const parts = combine.subtransforms.map((partId) => components.transforms[partId]);
      assert.deepStrictEqual(
        parts.map((part) => part.spec!.urn),
        [
          "beam:transform:combine_per_key_precombine:v1",
          "beam:transform:group_by_key:v1",
          "beam:transform:combine_per_key_merge_accumulators:v1",
          "beam:transform:combine_per_key_extract_outputs:v1",
        ],
      );
      // A chain from the combine's input to its output.
      assert.deepStrictEqual(Object.values(parts[0].inputs), Object.values(combine.inputs));
      for (let i = 1; i < 4; i++)
        assert.deepStrictEqual(Object.values(parts[i].inputs), Object.values(parts[i - 1].outputs));
      assert.deepStrictEqual(Object.values(parts[3].outputs), Object.values(combine.outputs));
      // Each SDK-executed part carries the combine's CombinePayload and environment; the GroupByKey neither.
      for (const i of [0, 2, 3]) {
        assert.deepStrictEqual(parts[i].spec!.payload, combine.spec!.payload);
        assert.strictEqual(parts[i].environmentId, combine.environmentId);
      }
      assert.strictEqual(parts[1].environmentId, "");
      // Coders: KV<K, A> after precombine and merge, KV<K, Iterable<A>> after the GroupByKey.
      const input = components.pcollections[Object.values(combine.inputs)[0]];
      const keyCoder = components.coders[input.coderId].componentCoderIds[0];
      const { accumulatorCoderId } = runnerApi.CombinePayload.fromBinary(combine.spec!.payload);
      const coderOf = (part: runnerApi.PTransform) =>
        components.coders[components.pcollections[Object.values(part.outputs)[0]].coderId];
      for (const i of [0, 2]) {
        assert.strictEqual(coderOf(parts[i]).spec!.urn, "beam:coder:kv:v1");
        assert.deepStrictEqual(coderOf(parts[i]).componentCoderIds, [keyCoder, accumulatorCoderId]);
      }
      const grouped = coderOf(parts[1]);
      assert.strictEqual(grouped.componentCoderIds[0], keyCoder);
      const iterable = components.coders[grouped.componentCoderIds[1]];
      assert.strictEqual(iterable.spec!.urn, "beam:coder:iterable:v1");
      assert.deepStrictEqual(iterable.componentCoderIds, [accumulatorCoderId]);
      for (const part of parts)
        assert.strictEqual(
          components.pcollections[Object.values(part.outputs)[0]].windowingStrategyId,
          input.windowingStrategyId,
        );
    }
    // The SDK's expansion is gone: no transform or PCollection left that nothing produces or uses.
    const referenced = new Set(Object.values(components.transforms).flatMap((t) => t.subtransforms));
    const leaves = Object.values(components.transforms).filter((t) => t.subtransforms.length === 0);
    const produced = new Set(leaves.flatMap((t) => Object.values(t.outputs)));
    for (const pcollectionId of Object.keys(components.pcollections))
      assert.ok(produced.has(pcollectionId), `nothing produces ${pcollectionId}`);
    for (const [id, transform] of Object.entries(components.transforms))
      assert.ok(
        referenced.has(id) || lifted.rootTransformIds.includes(id),
        `${transform.uniqueName} is in no composite`,
      );
    // The SDK's combining DoFn (named applyCombine) ran the unlifted combine: none is left.
    assert.ok(
      Object.values(original.components!.transforms).some((t) => t.uniqueName.includes("applyCombine")),
    );
    assert.ok(!Object.values(components.transforms).some((t) => t.uniqueName.includes("applyCombine")));
  });

  it("leaves a combine alone when its trigger fires on element counts above one", async () => {
    const original = await pipelineProto(monitorPipeline(loadSpec(SPEC)));
    const statistics = combines(original)[1][1];
    const input = original.components!.pcollections[Object.values(statistics.inputs)[0]];
    // Fire after every 2 elements: lifting would feed the trigger accumulators, not elements.
    original.components!.windowingStrategies[input.windowingStrategyId].trigger = {
      trigger: { oneofKind: "elementCount", elementCount: { elementCount: 2 } },
    };
    const lifted = liftCombiners(original);
    for (const [id, combine] of combines(lifted)) {
      const untouched =
        original.components!.pcollections[Object.values(combine.inputs)[0]].windowingStrategyId;
      if (untouched === input.windowingStrategyId)
        assert.deepStrictEqual(combine.subtransforms, original.components!.transforms[id].subtransforms);
    }
  });

  it("gives the same results when the lifted parts run (on our runner, as Flink would run them)", async () => {
    const direct = exampleSpec();
    await eventTimeDirectRunner().run(monitorPipeline(direct));

    const submitted = exampleSpec();
    const lifted = liftCombiners(await pipelineProto(monitorPipeline(submitted)));
    // Unmarked, the composites are only structure: the runner executes precombine, its own GroupByKey,
    // merge and extract, instead of collapsing each combine into its own lifted combine.
    for (const entry of combines(lifted)) entry[1].spec = undefined;
    await (await eventTimeDirectRunner().runPipeline(lifted)).waitUntilFinish();

    const expected = resultsOf(direct);
    const actual = resultsOf(submitted);
    // 28 days × (6 monitored features + correlation) × (on-time pane + closing late pane).
    assert.strictEqual(expected.statistics.length, 28 * 7 * 2);
    for (const kind of ["outlier", "drift", "alert"])
      assert.ok(expected[kind].length > 0, `no ${kind} results`);
    assertClose(actual, expected);
  });
});
