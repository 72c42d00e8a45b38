import type { SourceSpec } from "../../pipelines/spec/schema";
import type { WatermarkTimePolicy } from "./sources/watermark_time";

/** A source composite's payload: the spec's source and, for the monitoring job, what its watermark follows. */
export type MarkedSourceSpec = SourceSpec & { watermarkTime?: WatermarkTimePolicy };

/**
 * The URN of the monitoring pipeline's source composite. Its payload is the
 * spec's `source` (with its watermark-time policy) as UTF-8 JSON. Our direct runner recognises it and feeds the
 * composite's output from its own source driver (watermarks, pacing); any
 * other runner runs the composite's inner expansion.
 */
export const SOURCE_URN = "beam-model-monitor:source:v1";

export function encodeSourceSpec(spec: MarkedSourceSpec): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(spec));
}

export function decodeSourceSpec(payload: Uint8Array): MarkedSourceSpec {
  return JSON.parse(new TextDecoder().decode(payload)) as MarkedSourceSpec;
}
