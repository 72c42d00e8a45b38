// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import type * as beam from "apache-beam";
import type { Coder } from "apache-beam/coders/coders";
import { Context as CoderContext } from "apache-beam/coders/coders";
import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import * as operators from "apache-beam/worker/operators";
import { createStateKey } from "apache-beam/worker/pardo_context";
import * as protobufjs from "protobufjs";
import { runOf } from "../run/active_runs";
import type { SideInputStore } from "../run/side_input_store";
import { DIRECT_COLLECT_SIDE_INPUT_URN } from "./operator_urns";
import type { CollectSideInputPayload } from "./side_input_payloads";
import { onlyInput, readJsonPayload } from "./transform_io";

/**
 * Appends each element of a side input's PCollection to the run's
 * side-input store, under the state key the SDK's ParDo reads (per window).
 * It emits nothing; its output only orders the ParDo's pushback after it.
 */
class CollectSideInputOperator implements operators.IOperator {
  private readonly store: SideInputStore;
  private readonly payload: CollectSideInputPayload;
  private readonly elementCoder: Coder<unknown>;
  private readonly windowCoder: Coder<beam.Window>;

  constructor(
    readonly transformId: string,
    transform: runnerApi.PTransform,
    context: operators.OperatorContext,
  ) {
    this.store = runOf(context).sideInputs;
    this.payload = readJsonPayload<CollectSideInputPayload>(transform.spec);
    const input = context.descriptor.pcollections[onlyInput(transform)];
    this.elementCoder = context.pipelineContext.getCoder(input.coderId);
    const strategy = context.descriptor.windowingStrategies[input.windowingStrategyId];
    this.windowCoder = context.pipelineContext.getCoder(strategy.windowCoderId);
  }

  async startBundle(): Promise<void> {}

  process(element: beam.WindowedValue<unknown>): operators.ProcessResult {
    const writer = new protobufjs.Writer();
    this.elementCoder.encode(element.value, writer, CoderContext.needsDelimiters);
    const encoded = writer.finish();
    const { parDoTransformId, accessPattern, sideInputId } = this.payload;
    for (const window of element.windows) {
      this.store.append(
        createStateKey(parDoTransformId, accessPattern, sideInputId, window, this.windowCoder),
        encoded,
      );
    }
    return operators.NonPromise;
  }

  async finishBundle(): Promise<void> {}
}

operators.registerOperator(DIRECT_COLLECT_SIDE_INPUT_URN, CollectSideInputOperator);
