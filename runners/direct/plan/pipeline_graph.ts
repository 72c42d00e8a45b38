import type * as runnerApi from "apache-beam/proto/beam_runner_api";

/**
 * Whether the SDK worker executes this transform itself (worker.js
 * isPrimitive): a leaf that produces a PCollection it does not consume.
 * Composites are only structure.
 */
export function isPrimitive(transform: runnerApi.PTransform): boolean {
  const inputs = Object.values(transform.inputs);
  return (
    transform.subtransforms.length === 0 &&
    Object.values(transform.outputs).some((id) => !inputs.includes(id))
  );
}

/** The primitive transform producing each PCollection. */
export function producers(components: runnerApi.Components): Map<string, string> {
  const producerOf = new Map<string, string>();
  for (const [transformId, transform] of Object.entries(components.transforms)) {
    if (!isPrimitive(transform)) continue;
    for (const pcollectionId of Object.values(transform.outputs)) producerOf.set(pcollectionId, transformId);
  }
  return producerOf;
}

/** `base`, or `base-N` for the first N that is not yet a key of `container`. */
export function unusedId(container: Record<string, unknown>, base: string): string {
  let id = base;
  for (let n = 1; id in container; n++) id = `${base}-${n}`;
  return id;
}
