import * as beam from "apache-beam";
import type { Pipeline } from "apache-beam/internal/pipeline";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { groupByKey } from "apache-beam/transforms/internal";
import * as assert from "assert";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
import { UnsupportedFeatureError } from "../../runners/direct/unsupported_feature";

const afterWatermark: runnerApi.Trigger = {
  trigger: { oneofKind: "afterEndOfWindow", afterEndOfWindow: {} },
};

function strategy(overrides: Partial<runnerApi.WindowingStrategy>): runnerApi.WindowingStrategy {
  return runnerApi.WindowingStrategy.create({
    trigger: afterWatermark,
    accumulationMode: runnerApi.AccumulationMode_Enum.ACCUMULATING,
    outputTime: runnerApi.OutputTime_Enum.END_OF_WINDOW,
    closingBehavior: runnerApi.ClosingBehavior_Enum.EMIT_ALWAYS,
    onTimeBehavior: runnerApi.OnTimeBehavior_Enum.FIRE_ALWAYS,
    allowedLateness: BigInt(0),
    environmentId: "jsEnvironment",
    ...overrides,
  });
}

/** A primitive the runner has never heard of. */
function unknownPrimitive(
  input: beam.PCollection<unknown>,
  pipeline: Pipeline,
  transform: runnerApi.PTransform,
) {
  transform.spec = { urn: "beam:transform:example_unknown:v1", payload: new Uint8Array() };
  return pipeline.createPCollectionInternal(pipeline.context.getPCollectionCoderId(input));
}

const grouped =
  (windowFn: beam.WindowFn<beam.Window>, windowing: runnerApi.WindowingStrategy) => (root: beam.Root) => {
    root
      .apply(beam.create([{ key: "a", value: 1 }]))
      .apply(beam.windowInto(windowFn, windowing))
      .apply(groupByKey());
  };

const cases: { feature: string; pipeline: (root: beam.Root) => void }[] = [
  {
    feature: "the window fn beam:window_fn:session_windows:v1",
    pipeline: grouped(beam.sessions(10), strategy({})),
  },
  {
    feature: "the trigger orFinally",
    pipeline: grouped(
      beam.fixedWindows(10),
      strategy({ trigger: { trigger: { oneofKind: "orFinally", orFinally: {} } } }),
    ),
  },
  {
    feature: "the trigger afterSynchronizedProcessingTime",
    pipeline: grouped(
      beam.fixedWindows(10),
      strategy({
        trigger: {
          trigger: {
            oneofKind: "afterEndOfWindow",
            afterEndOfWindow: {
              earlyFirings: {
                trigger: {
                  oneofKind: "afterSynchronizedProcessingTime",
                  afterSynchronizedProcessingTime: {},
                },
              },
            },
          },
        },
      }),
    ),
  },
  {
    feature: "AfterProcessingTime with alignTo transform",
    pipeline: grouped(
      beam.fixedWindows(10),
      strategy({
        trigger: {
          trigger: {
            oneofKind: "afterProcessingTime",
            afterProcessingTime: {
              timestampTransforms: [
                {
                  timestampTransform: {
                    oneofKind: "alignTo",
                    alignTo: { period: BigInt(1000), offset: BigInt(0) },
                  },
                },
              ],
            },
          },
        },
      }),
    ),
  },
  {
    feature: "accumulation mode RETRACTING",
    pipeline: grouped(
      beam.fixedWindows(10),
      strategy({ accumulationMode: runnerApi.AccumulationMode_Enum.RETRACTING }),
    ),
  },
  {
    feature: "output time EARLIEST_IN_PANE",
    pipeline: grouped(
      beam.fixedWindows(10),
      strategy({ outputTime: runnerApi.OutputTime_Enum.EARLIEST_IN_PANE }),
    ),
  },
  {
    feature: "the transform beam:transform:example_unknown:v1 in example",
    pipeline: (root) => {
      root.apply(beam.create([1])).apply(beam.withName("example", unknownPrimitive));
    },
  },
];

describe("what the event-time runner does not implement is rejected before running, by name", () => {
  for (const { feature, pipeline } of cases) {
    it(feature, async () => {
      await assert.rejects(eventTimeDirectRunner().run(pipeline), (error: unknown) => {
        assert.ok(error instanceof UnsupportedFeatureError, `${error}`);
        assert.ok(error.message.includes(feature), error.message);
        return true;
      });
    });
  }
});
