import * as beam from "apache-beam";
import type { Coder } from "apache-beam/coders/coders";
import { deserializeFn } from "apache-beam/internal/serialize";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import type { CombineFn } from "apache-beam/transforms/group_and_combine";
import * as operators from "apache-beam/worker/operators";
import { type Pane } from "../aggregation/pane";
import {
  type PaneContents,
  type StateCodec,
  bufferedValues,
  combinedValues,
} from "../aggregation/pane_contents";
import { type AggregationSnapshot, WindowedAggregation } from "../aggregation/windowed_aggregation";
import { runOf } from "../run/active_runs";
import type { DirectRun } from "../run/direct_run";
import { windowingPolicy } from "../windowing/windowing_policy";
import { DIRECT_COMBINE_PER_KEY_URN, DIRECT_GROUP_BY_KEY_URN } from "./operator_urns";
import { onlyInput, onlyOutput } from "./transform_io";

/** Late-data windows already logged per operator; reset past this size so a long run's memory stays bounded. */
const MAX_LOGGED_LATE_WINDOWS = 1000;

/**
 * GroupByKey and lifted combine_per_key: elements keyed by their encoded key
 * and window into a WindowedAggregation, which fires panes as the input
 * watermark (read from the watermark board at each bundle's end) and the
 * clock advance. Dropped late data is counted in the `droppedLate` counter
 * and logged once per window.
 */
class KeyedAggregationOperator implements operators.IOperator {
  private readonly run: DirectRun;
  private readonly inputId: string;
  private readonly keyCoder: Coder<unknown>;
  private readonly windowCoder: Coder<beam.Window>;
  private readonly aggregation: WindowedAggregation<unknown, beam.Window, unknown, unknown>;
  private readonly droppedLate: { update(count: number): void };
  private readonly loggedLateWindows = new Set<string>();

  constructor(
    readonly transformId: string,
    private readonly transform: runnerApi.PTransform,
    context: operators.OperatorContext,
    contents: (codecs: ContentsCodecs) => PaneContents<unknown, unknown>,
  ) {
    this.run = runOf(context);
    this.inputId = onlyInput(transform);
    const receiver = context.getReceiver(onlyOutput(transform));
    const input = context.descriptor.pcollections[this.inputId];
    // Array destructuring here is lost by the closure transform; the KV coder's components by index.
    const kvComponents = context.descriptor.coders[input.coderId].componentCoderIds;
    this.keyCoder = context.pipelineContext.getCoder(kvComponents[0]);
    const strategy = context.descriptor.windowingStrategies[input.windowingStrategyId];
    this.windowCoder = context.pipelineContext.getCoder(strategy.windowCoderId);
    const contentsCodecs: ContentsCodecs = {
      value: stateCodec(context.pipelineContext.getCoder(kvComponents[1])),
      ofCoder: (coderId) => stateCodec(context.pipelineContext.getCoder(coderId)),
    };
    this.droppedLate = context.metricsContainer.getMetric(transformId, undefined, {
      name: "droppedLate",
      metricType: "beam:metric:user:sum_int64:v1",
    });
    const emit = (key: unknown, window: beam.Window, value: unknown, pane: Pane, sourceBundle: number) =>
      this.run.fromSourceBundle(sourceBundle, () =>
        receiver.receive({
          value: { key, value },
          windows: [window],
          timestamp: window.maxTimestamp(),
          pane: paneInfo(pane),
        }),
      );
    this.aggregation = new WindowedAggregation(
      windowingPolicy(strategy),
      () => contents(contentsCodecs),
      emit,
      (window, reason) => this.dropLate(window, reason),
    );
    this.run.registerSourceBundleHold(transformId, () => this.aggregation.oldestHeldSourceBundle());
    const codecs = { key: stateCodec(this.keyCoder), window: stateCodec(this.windowCoder) };
    this.run.registerCheckpointed(transformId, {
      snapshot: () => this.aggregation.snapshot(codecs),
      restore: (state) => this.aggregation.restore(state as AggregationSnapshot, codecs),
    });
  }

  async startBundle(): Promise<void> {}

  /**
   * State ids compare keys and windows by their encoded form, as Beam does.
   * Encoding through the coders and base64 cost a quarter of a run's time
   * (bench/RESULTS.md), so the common cases — string keys, interval windows —
   * use their text, under prefixes that keep the forms from colliding.
   */
  private keyId(key: unknown): string {
    return typeof key === "string" ? `s${key}` : `c${operators.encodeToBase64(key, this.keyCoder)}`;
  }

  private windowId(window: beam.Window): string {
    if (!(window instanceof beam.IntervalWindow))
      return `c${operators.encodeToBase64(window, this.windowCoder)}`;
    // A Long's two 32-bit halves name it exactly; its decimal toString divides (8 % of a run's time).
    const { start, end } = window;
    return `i${start.high},${start.low}_${end.high},${end.low}`;
  }

  process(element: beam.WindowedValue<unknown>): operators.ProcessResult {
    const { key, value } = element.value as beam.KV<unknown, unknown>;
    const keyId = this.keyId(key);
    const results = new operators.ProcessResultBuilder();
    for (const window of element.windows) {
      const stateId = `${this.windowId(window)} ${keyId}`;
      const maxTimestampMs = window.maxTimestamp().toNumber();
      results.add(
        this.aggregation.add(
          stateId,
          key,
          window,
          maxTimestampMs,
          value,
          this.run.bundleTimes.arrivalTimeMs,
          this.run.elementSourceBundle,
        ),
      );
    }
    return results.build();
  }

  async finishBundle(): Promise<void> {
    await this.aggregation.advance(
      this.run.watermarks.watermarkOf(this.inputId),
      this.run.bundleTimes.firingTimeMs,
    );
  }

  private dropLate(window: beam.Window, reason: "expired" | "closed"): void {
    this.droppedLate.update(1);
    this.run.droppedLate++;
    const windowText = describeWindow(window);
    if (this.loggedLateWindows.has(windowText)) return;
    if (this.loggedLateWindows.size >= MAX_LOGGED_LATE_WINDOWS) this.loggedLateWindows.clear();
    this.loggedLateWindows.add(windowText);
    const why =
      reason === "expired"
        ? "after the watermark passed its end + allowed lateness"
        : "after its trigger finished";
    this.run.log(
      `droppedLate: data for window ${windowText} of ${this.transform.uniqueName} arrived ${why}; ` +
        `dropped (later drops for this window are only counted in droppedLate)`,
    );
  }
}

/** How a key and window's contents reach a checkpoint: the input values' coder, or another of the pipeline's. */
interface ContentsCodecs {
  value: StateCodec<unknown>;
  ofCoder(coderId: string): StateCodec<unknown>;
}

/** A state value through its Beam coder, base64 in the checkpoint. */
function stateCodec<T>(coder: Coder<T>): StateCodec<T> {
  return {
    encode: (value) => operators.encodeToBase64(value, coder),
    decode: (text) => operators.decodeFromBase64(text, coder) as T,
  };
}

function paneInfo(pane: Pane): beam.PaneInfo {
  return { ...pane, timing: beam.Timing[pane.timing] };
}

function describeWindow(window: beam.Window): string {
  if (!(window instanceof beam.IntervalWindow)) return "the global window";
  const iso = (ms: number) => new Date(ms).toISOString();
  return `[${iso(window.start.toNumber())}, ${iso(window.end.toNumber())})`;
}

/** The CombineFn a combine_per_key transform carries (serialized by the TypeScript SDK), and its accumulator coder. */
function combineOf(transform: runnerApi.PTransform): {
  combineFn: CombineFn<unknown, unknown, unknown>;
  accumulatorCoderId: string;
} {
  const payload = runnerApi.CombinePayload.fromBinary(transform.spec!.payload);
  const combineFn = deserializeFn(payload.combineFn!.payload).combineFn as CombineFn<
    unknown,
    unknown,
    unknown
  >;
  return { combineFn, accumulatorCoderId: payload.accumulatorCoderId };
}

operators.registerOperatorConstructor(
  DIRECT_GROUP_BY_KEY_URN,
  (transformId, transform, context) =>
    new KeyedAggregationOperator(transformId, transform, context, (codecs) => bufferedValues(codecs.value)),
);

operators.registerOperatorConstructor(DIRECT_COMBINE_PER_KEY_URN, (transformId, transform, context) => {
  const { combineFn, accumulatorCoderId } = combineOf(transform);
  return new KeyedAggregationOperator(transformId, transform, context, (codecs) =>
    combinedValues(combineFn, codecs.ofCoder(accumulatorCoderId)),
  );
});
