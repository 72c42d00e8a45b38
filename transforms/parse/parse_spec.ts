import type { FeatureSpec, InputSpec } from "../../pipelines/spec/schema";

/** What parsing needs from a monitoring spec; a MonitorSpec is one. */
export interface ParseSpec {
  model: string;
  features: readonly FeatureSpec[];
  prediction?: FeatureSpec;
  input: InputSpec;
}
