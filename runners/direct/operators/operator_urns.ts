/**
 * URNs the direct runner rewrites the pipeline to, so that its operators do
 * not replace the SDK's own (the stock direct runner registers GroupByKey and
 * Impulse globally, and both runners can live in one process).
 */
export const DIRECT_SOURCE_URN = "beam-model-monitor:direct:source:v1";
export const DIRECT_GROUP_BY_KEY_URN = "beam-model-monitor:direct:group_by_key:v1";
export const DIRECT_COMBINE_PER_KEY_URN = "beam-model-monitor:direct:combine_per_key:v1";
export const DIRECT_COLLECT_SIDE_INPUT_URN = "beam-model-monitor:direct:collect_side_input:v1";
export const DIRECT_SIDE_INPUT_PUSHBACK_URN = "beam-model-monitor:direct:side_input_pushback:v1";

/** The main input of a side-input pushback; its other inputs only order it after the side inputs' collectors. */
export const PUSHBACK_MAIN_INPUT = "main";
