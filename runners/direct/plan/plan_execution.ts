// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { combinePerKey, groupByKey, impulse } from "apache-beam/transforms/internal";
import {
  DIRECT_COMBINE_PER_KEY_URN,
  DIRECT_GROUP_BY_KEY_URN,
  DIRECT_SIDE_INPUT_PUSHBACK_URN,
  DIRECT_SOURCE_URN,
} from "../operators/operator_urns";
import { SOURCE_URN, decodeSourceSpec } from "../../../transforms/io/source_urn";
import type { DrivenSource } from "../sources/open_source_driver";
import { collapseComposite } from "./collapse_composite";
import { isPrimitive } from "./pipeline_graph";
import { rewriteSideInputs } from "./rewrite_side_inputs";
import { validatePipeline } from "./validate_pipeline";
import { watermarkHolders } from "./watermark_holders";

/** A pipeline rewritten for the direct runner, with what it needs to drive it. */
export interface ExecutionPlan {
  components: runnerApi.Components;
  /** The runner-driven roots (marked sources and impulses) by transform id. */
  sources: Map<string, DrivenSource>;
  /** Watermark holders upstream of each PCollection. */
  holdersOf: Map<string, string[]>;
}

/**
 * Rewrites a pipeline for the event-time direct runner: marked source
 * composites and impulses become runner-driven roots, combine_per_key
 * composites become lifted combines, GroupByKeys the runner's own, ParDos
 * with side inputs get collectors and a pushback. Then rejects, by name,
 * whatever the runner cannot execute.
 */
export function planExecution(pipeline: runnerApi.Pipeline): ExecutionPlan {
  const components = runnerApi.Pipeline.clone(pipeline).components;
  if (components === undefined) throw new Error("the pipeline has no components");
  const sources = new Map<string, DrivenSource>();
  for (const [transformId, transform] of Object.entries(components.transforms)) {
    if (components.transforms[transformId] === undefined) continue;
    if (transform.spec?.urn === SOURCE_URN) {
      sources.set(transformId, decodeSourceSpec(transform.spec.payload));
      collapseComposite(components, transformId, DIRECT_SOURCE_URN);
    } else if (transform.spec?.urn === combinePerKey.urn) {
      collapseComposite(components, transformId, DIRECT_COMBINE_PER_KEY_URN);
    }
  }
  for (const [transformId, transform] of Object.entries(components.transforms)) {
    if (!isPrimitive(transform)) continue;
    if (transform.spec?.urn === impulse.urn) {
      sources.set(transformId, { kind: "impulse" });
      transform.spec = { urn: DIRECT_SOURCE_URN, payload: new Uint8Array() };
    } else if (transform.spec?.urn === groupByKey.urn) {
      transform.spec = { urn: DIRECT_GROUP_BY_KEY_URN, payload: new Uint8Array() };
    }
  }
  rewriteSideInputs(components);
  validatePipeline(components);
  return {
    components,
    sources,
    holdersOf: watermarkHolders(components, [DIRECT_SOURCE_URN, DIRECT_SIDE_INPUT_PUSHBACK_URN]),
  };
}
