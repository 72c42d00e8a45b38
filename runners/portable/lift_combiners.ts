// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { combinePerKey, groupByKey } from "apache-beam/transforms/internal";
import { EXTRACT_OUTPUTS_URN, MERGE_ACCUMULATORS_URN, PRECOMBINE_URN } from "../combine_component_urns";
import { unusedId } from "../direct/plan/pipeline_graph";

const KV_CODER_URN = "beam:coder:kv:v1";
const ITERABLE_CODER_URN = "beam:coder:iterable:v1";

/**
 * Combiner lifting done before submission, as Beam's Python SDK does for
 * portable runners: each `combine_per_key` composite keeps its URN and payload
 * but its subtransforms (the TypeScript SDK's GroupByKey + a DoFn combining
 * the grouped values) become
 *
 *   precombine: KV<K, V> → KV<K, A>   (partial accumulators per bundle, SDK worker)
 *   GroupByKey: KV<K, A> → KV<K, Iterable<A>>   (the runner's shuffle)
 *   merge:      KV<K, Iterable<A>> → KV<K, A>   (SDK worker)
 *   extract:    KV<K, A> → KV<K, O>   (SDK worker, into the combine's own output)
 *
 * Beam's portable Flink translator has no translation of its own for
 * combine_per_key and runs a composite's leaves; without this rewrite it
 * shuffles every value and buffers each window's values in Flink state. The
 * three combine components are primitives to Beam's Java pipeline fuser and
 * the TypeScript worker registers operators for them. Combines under a
 * trigger that must see every element (an element count above 1) are left
 * as they are, as in Python's lift_combiners.
 */
export function liftCombiners(pipeline: runnerApi.Pipeline): runnerApi.Pipeline {
  const lifted = runnerApi.Pipeline.clone(pipeline);
  const components = lifted.components!;
  for (const [transformId, transform] of Object.entries(components.transforms)) {
    if (transform.spec?.urn !== combinePerKey.urn) continue;
    const input = components.pcollections[onlyValue(transform.inputs, transformId)];
    if (!isLiftableTrigger(components.windowingStrategies[input.windowingStrategyId].trigger)) continue;
    liftCombine(components, transformId);
  }
  return lifted;
}

function liftCombine(components: runnerApi.Components, combineId: string): void {
  const combine = components.transforms[combineId];
  const inputId = onlyValue(combine.inputs, combineId);
  const outputId = onlyValue(combine.outputs, combineId);
  const input = components.pcollections[inputId];
  const keyCoderId = components.coders[input.coderId].componentCoderIds[0];
  const { accumulatorCoderId } = runnerApi.CombinePayload.fromBinary(combine.spec!.payload);
  const environmentId = combine.environmentId;

  removeSubtransforms(components, combine.subtransforms, [inputId, outputId]);

  const keyedAccumulators = addCoder(components, KV_CODER_URN, [keyCoderId, accumulatorCoderId]);
  const accumulatorIterable = addCoder(components, ITERABLE_CODER_URN, [accumulatorCoderId]);
  const grouped = addCoder(components, KV_CODER_URN, [keyCoderId, accumulatorIterable]);
  const precombined = addPCollection(components, `${combineId}/Precombine.out`, input, keyedAccumulators);
  const groupedId = addPCollection(components, `${combineId}/Group.out`, input, grouped);
  const merged = addPCollection(components, `${combineId}/Merge.out`, input, keyedAccumulators);

  const leaf = (name: string, urn: string, from: string, to: string, payload = combine.spec!.payload) => {
    const id = unusedId(components.transforms, `${combineId}/${name}`);
    components.transforms[id] = runnerApi.PTransform.create({
      uniqueName: `${combine.uniqueName}/${name}`,
      spec: { urn, payload },
      inputs: { input: from },
      outputs: { output: to },
      environmentId: urn === groupByKey.urn ? "" : environmentId,
    });
    return id;
  };
  combine.subtransforms = [
    leaf("Precombine", PRECOMBINE_URN, inputId, precombined),
    leaf("Group", groupByKey.urn, precombined, groupedId, new Uint8Array()),
    leaf("Merge", MERGE_ACCUMULATORS_URN, groupedId, merged),
    leaf("ExtractOutputs", EXTRACT_OUTPUTS_URN, merged, outputId),
  ];
}

/**
 * Whether a trigger still fires right when it sees accumulators instead of
 * elements: all triggers but element counts above one (the rule of Python's
 * lift_combiners).
 */
function isLiftableTrigger(trigger: runnerApi.Trigger | undefined): boolean {
  const spec = trigger?.trigger;
  switch (spec?.oneofKind) {
    case undefined:
    case "default":
    case "always":
    case "never":
    case "afterProcessingTime":
    case "afterSynchronizedProcessingTime":
      return true;
    case "elementCount":
      return spec.elementCount.elementCount === 1;
    case "afterEndOfWindow":
      return (
        isLiftableTrigger(spec.afterEndOfWindow.earlyFirings) &&
        isLiftableTrigger(spec.afterEndOfWindow.lateFirings)
      );
    case "afterAll":
      return spec.afterAll.subtriggers.every(isLiftableTrigger);
    case "afterAny":
      return spec.afterAny.subtriggers.every(isLiftableTrigger);
    case "afterEach":
      return spec.afterEach.subtriggers.every(isLiftableTrigger);
    case "orFinally":
      return isLiftableTrigger(spec.orFinally.main) && isLiftableTrigger(spec.orFinally.finally);
    case "repeat":
      return isLiftableTrigger(spec.repeat.subtrigger);
    default:
      return false;
  }
}

/** The SDK's expansion (GroupByKey + combining DoFn), with every PCollection only it used. */
function removeSubtransforms(components: runnerApi.Components, ids: string[], keep: string[]): void {
  for (const id of ids) {
    const transform = components.transforms[id];
    removeSubtransforms(components, transform.subtransforms, keep);
    for (const pcollectionId of Object.values(transform.outputs))
      if (!keep.includes(pcollectionId)) delete components.pcollections[pcollectionId];
    delete components.transforms[id];
  }
}

function addCoder(components: runnerApi.Components, urn: string, componentCoderIds: string[]): string {
  const existing = Object.entries(components.coders).find(
    ([, coder]) =>
      coder.spec?.urn === urn &&
      coder.componentCoderIds.length === componentCoderIds.length &&
      coder.componentCoderIds.every((id, i) => id === componentCoderIds[i]),
  );
  if (existing !== undefined) return existing[0];
  const id = unusedId(components.coders, `${urn.split(":")[2]}(${componentCoderIds.join(",")})`);
  components.coders[id] = runnerApi.Coder.create({
    spec: { urn, payload: new Uint8Array() },
    componentCoderIds,
  });
  return id;
}

function addPCollection(
  components: runnerApi.Components,
  name: string,
  like: runnerApi.PCollection,
  coderId: string,
): string {
  const id = unusedId(components.pcollections, name);
  components.pcollections[id] = runnerApi.PCollection.create({
    uniqueName: name,
    coderId,
    isBounded: like.isBounded,
    windowingStrategyId: like.windowingStrategyId,
  });
  return id;
}

function onlyValue(record: Record<string, string>, transformId: string): string {
  const values = Object.values(record);
  if (values.length !== 1)
    throw new Error(`combine_per_key ${transformId} has ${values.length} inputs or outputs, expected 1`);
  return values[0];
}
