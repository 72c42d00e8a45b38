import * as beam from "apache-beam";
import { GLOBAL_WINDOW_MAPPING_FN_URN } from "apache-beam/internal/urns";
import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import * as operators from "apache-beam/worker/operators";
import { runOf } from "../run/active_runs";
import type { DirectRun } from "../run/direct_run";
import type { WatermarkBoard } from "../run/watermark_board";
import { DIRECT_SIDE_INPUT_PUSHBACK_URN, PUSHBACK_MAIN_INPUT } from "./operator_urns";
import type { SideInputPushbackPayload } from "./side_input_payloads";
import { onlyOutput, readJsonPayload } from "./transform_io";

const GLOBAL_WINDOW = new beam.GlobalWindow();

/**
 * Holds a ParDo's main-input elements until its side inputs are ready for
 * their windows: every side input's watermark has passed the end of the side
 * window the element's window maps to (a bounded side input in the global
 * window: when it has been read to the end). Held elements are released at a
 * bundle's end, after the side inputs' collectors have run, and they hold the
 * output watermark back to their earliest timestamp, so that they are not late
 * when they reach a downstream GroupByKey.
 */
class SideInputPushbackOperator implements operators.IOperator {
  private readonly run: DirectRun;
  private readonly watermarks: WatermarkBoard;
  private readonly receiver: operators.Receiver;
  private readonly sideInputs: SideInputPushbackPayload["sideInputs"];
  /** The side inputs' watermarks at the end of the previous bundle: all their data up to there is collected. */
  private sideWatermarksMs: number[];
  private held: { element: beam.WindowedValue<unknown>; sourceBundle: number }[] = [];

  constructor(
    readonly transformId: string,
    transform: runnerApi.PTransform,
    context: operators.OperatorContext,
  ) {
    this.run = runOf(context);
    this.run.refuseCheckpointing("side inputs");
    this.watermarks = this.run.watermarks;
    this.receiver = context.getReceiver(onlyOutput(transform));
    this.sideInputs = readJsonPayload<SideInputPushbackPayload>(transform.spec).sideInputs;
    this.sideWatermarksMs = this.sideInputs.map(() => -Infinity);
    const mainInputId = transform.inputs[PUSHBACK_MAIN_INPUT];
    this.watermarks.registerHolder(transformId, () =>
      this.held.reduce(
        (minimumMs, { element }) => Math.min(minimumMs, element.timestamp.toNumber()),
        this.watermarks.watermarkOf(mainInputId),
      ),
    );
    this.run.registerSourceBundleHold(transformId, () =>
      this.held.reduce((oldest, { sourceBundle }) => Math.min(oldest, sourceBundle), Infinity),
    );
  }

  async startBundle(): Promise<void> {}

  process(element: beam.WindowedValue<unknown>): operators.ProcessResult {
    if (this.sideInputsReady(element)) return this.receiver.receive(element);
    this.held.push({ element, sourceBundle: this.run.elementSourceBundle });
    return operators.NonPromise;
  }

  async finishBundle(): Promise<void> {
    this.sideWatermarksMs = this.sideInputs.map(({ pcollectionId }) =>
      this.watermarks.watermarkOf(pcollectionId),
    );
    const waiting = this.held;
    this.held = [];
    for (const waiter of waiting) {
      if (!this.sideInputsReady(waiter.element)) {
        this.held.push(waiter);
        continue;
      }
      const delivered = this.run.fromSourceBundle(waiter.sourceBundle, () =>
        this.receiver.receive(waiter.element),
      );
      if (delivered !== operators.NonPromise) await delivered;
    }
  }

  private sideInputsReady(element: beam.WindowedValue<unknown>): boolean {
    return this.sideInputs.every(({ windowMappingUrn }, i) =>
      element.windows.every((window) => {
        const sideWindow = windowMappingUrn === GLOBAL_WINDOW_MAPPING_FN_URN ? GLOBAL_WINDOW : window;
        return this.sideWatermarksMs[i] > sideWindow.maxTimestamp().toNumber();
      }),
    );
  }
}

operators.registerOperator(DIRECT_SIDE_INPUT_PUSHBACK_URN, SideInputPushbackOperator);
