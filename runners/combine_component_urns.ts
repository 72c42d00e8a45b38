/**
 * The standard URNs of a lifted combine's parts (Beam's
 * StandardPTransforms.CombineComponents), which SDK workers execute: the
 * TypeScript worker registers an operator for each.
 */
export const PRECOMBINE_URN = "beam:transform:combine_per_key_precombine:v1";
export const MERGE_ACCUMULATORS_URN = "beam:transform:combine_per_key_merge_accumulators:v1";
export const EXTRACT_OUTPUTS_URN = "beam:transform:combine_per_key_extract_outputs:v1";

export const COMBINE_COMPONENT_URNS = [PRECOMBINE_URN, MERGE_ACCUMULATORS_URN, EXTRACT_OUTPUTS_URN];
