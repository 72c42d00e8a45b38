import type { SourceSpec } from "../../pipelines/spec/schema";

/**
 * The URN of the monitoring pipeline's source composite. Its payload is the
 * spec's `source` as UTF-8 JSON. Our direct runner recognises it and feeds the
 * composite's output from its own source driver (watermarks, pacing); any
 * other runner runs the composite's inner expansion.
 */
export const SOURCE_URN = "beam-model-monitor:source:v1";

export function encodeSourceSpec(spec: SourceSpec): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(spec));
}

export function decodeSourceSpec(payload: Uint8Array): SourceSpec {
  return JSON.parse(new TextDecoder().decode(payload)) as SourceSpec;
}
