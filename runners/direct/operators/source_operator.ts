import * as beam from "apache-beam";
import { PaneInfoCoder } from "apache-beam/coders/standard_coders";
import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import * as operators from "apache-beam/worker/operators";
import { runOf } from "../run/active_runs";
import type { DirectRun } from "../run/direct_run";
import { elementTimestamp } from "../../../transforms/io/sources/time_bounds";
import { DIRECT_SOURCE_URN } from "./operator_urns";
import { onlyOutput } from "./transform_io";

/**
 * A root of the pipeline: emits, in startBundle, the elements its source
 * driver delivered for this bundle (global window, their event times), and
 * publishes the source's new watermark in finishBundle, which runs before any
 * downstream finishBundle.
 */
class SourceOperator implements operators.IOperator {
  private readonly run: DirectRun;
  private readonly receiver: operators.Receiver;
  private watermarkMs = -Infinity;

  constructor(
    readonly transformId: string,
    transform: runnerApi.PTransform,
    context: operators.OperatorContext,
  ) {
    this.run = runOf(context);
    this.receiver = context.getReceiver(onlyOutput(transform));
    this.run.watermarks.registerHolder(transformId, () => this.watermarkMs);
  }

  async startBundle(): Promise<void> {
    for (const { element, timestampMs } of this.run.sourceBundle(this.transformId).elements) {
      const delivered = this.receiver.receive({
        value: element,
        windows: [new beam.GlobalWindow()],
        pane: PaneInfoCoder.ONE_AND_ONLY_FIRING,
        timestamp: elementTimestamp(timestampMs),
      });
      if (delivered !== operators.NonPromise) await delivered;
    }
  }

  process(): operators.ProcessResult {
    throw new Error(`source ${this.transformId} has no input`);
  }

  async finishBundle(): Promise<void> {
    this.watermarkMs = this.run.sourceBundle(this.transformId).watermarkMs;
  }
}

operators.registerOperator(DIRECT_SOURCE_URN, SourceOperator);
