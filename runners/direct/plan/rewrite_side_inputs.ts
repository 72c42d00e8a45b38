import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { parDo } from "apache-beam/transforms/pardo";
import {
  DIRECT_COLLECT_SIDE_INPUT_URN,
  DIRECT_SIDE_INPUT_PUSHBACK_URN,
  PUSHBACK_MAIN_INPUT,
} from "../operators/operator_urns";
import type { CollectSideInputPayload, SideInputPushbackPayload } from "../operators/side_input_payloads";
import { jsonPayload } from "../operators/transform_io";
import { unusedId } from "./pipeline_graph";

/**
 * Gives every ParDo with side inputs a collector per side input and a
 * pushback on its main input (the stock direct runner's rewrite, made to work
 * bundle after bundle):
 *
 *     side ──▶ collect ──▶ (control) ─┐
 *     main ─────────────────────────▶ pushback ──▶ ParDo ◀── side view (metadata only)
 *
 * The control edge carries no data; it makes the pushback finish after the
 * collectors in each bundle.
 */
export function rewriteSideInputs(components: runnerApi.Components): void {
  const { transforms, pcollections } = components;
  for (const [transformId, transform] of Object.entries(transforms)) {
    if (transform.spec?.urn !== parDo.urn) continue;
    const payload = runnerApi.ParDoPayload.fromBinary(transform.spec.payload);
    const sideInputIds = Object.keys(payload.sideInputs);
    if (sideInputIds.length === 0) continue;
    const mainTag = Object.keys(transform.inputs).find((tag) => !sideInputIds.includes(tag));
    if (mainTag === undefined) throw new Error(`ParDo ${transform.uniqueName} has no main input`);
    const mainId = transform.inputs[mainTag];
    // (Not a computed key: ts-closure-transform loses imports used as computed keys.)
    const pushbackInputs: Record<string, string> = {};
    pushbackInputs[PUSHBACK_MAIN_INPUT] = mainId;
    const pushback: SideInputPushbackPayload = { sideInputs: [] };
    for (const sideInputId of sideInputIds) {
      const sideId = transform.inputs[sideInputId];
      const viewId = unusedId(pcollections, `${sideId}-${sideInputId}-view`);
      pcollections[viewId] = pcollections[sideId];
      transform.inputs[sideInputId] = viewId;
      const controlId = unusedId(pcollections, `${sideId}-${sideInputId}-collected`);
      pcollections[controlId] = pcollections[mainId];
      const collect: CollectSideInputPayload = {
        parDoTransformId: transformId,
        sideInputId,
        accessPattern: payload.sideInputs[sideInputId].accessPattern!.urn,
      };
      const collectId = unusedId(transforms, `${transformId}-${sideInputId}-collect`);
      transforms[collectId] = runnerApi.PTransform.create({
        uniqueName: `${transform.uniqueName}/collect(${sideInputId})`,
        spec: { urn: DIRECT_COLLECT_SIDE_INPUT_URN, payload: jsonPayload(collect) },
        inputs: { input: sideId },
        outputs: { out: controlId },
      });
      pushbackInputs[sideInputId] = controlId;
      pushback.sideInputs.push({
        pcollectionId: sideId,
        windowMappingUrn: payload.sideInputs[sideInputId].windowMappingFn!.urn,
      });
    }
    const pushbackId = unusedId(transforms, `${transformId}-pushback`);
    const releasedId = unusedId(pcollections, `${mainId}-released`);
    pcollections[releasedId] = pcollections[mainId];
    transforms[pushbackId] = runnerApi.PTransform.create({
      uniqueName: `${transform.uniqueName}/sideInputPushback`,
      spec: { urn: DIRECT_SIDE_INPUT_PUSHBACK_URN, payload: jsonPayload(pushback) },
      inputs: pushbackInputs,
      outputs: { out: releasedId },
    });
    transform.inputs[mainTag] = releasedId;
  }
}
