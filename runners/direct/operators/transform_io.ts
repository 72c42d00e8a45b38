import type * as runnerApi from "apache-beam/proto/beam_runner_api";

/** The PCollection id of a transform that has exactly one output. */
export function onlyOutput(transform: runnerApi.PTransform): string {
  return only(Object.values(transform.outputs), `outputs of ${transform.uniqueName}`);
}

/** The PCollection id of a transform that has exactly one input. */
export function onlyInput(transform: runnerApi.PTransform): string {
  return only(Object.values(transform.inputs), `inputs of ${transform.uniqueName}`);
}

function only(ids: string[], what: string): string {
  if (ids.length !== 1) throw new Error(`expected exactly one of the ${what}, found ${ids.length}`);
  return ids[0];
}

/** A runner-written payload: UTF-8 JSON. */
export function jsonPayload(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export function readJsonPayload<T>(spec: runnerApi.FunctionSpec | undefined): T {
  return JSON.parse(new TextDecoder().decode(spec?.payload)) as T;
}
