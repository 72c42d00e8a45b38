// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { TYPESCRIPT_DEFAULT_ENVIRONMENT_URN } from "apache-beam/internal/environments";
import * as urns from "apache-beam/internal/urns";
import { flatten } from "apache-beam/transforms/flatten";
import { parDo } from "apache-beam/transforms/pardo";
import {
  DIRECT_COLLECT_SIDE_INPUT_URN,
  DIRECT_COMBINE_PER_KEY_URN,
  DIRECT_GROUP_BY_KEY_URN,
  DIRECT_SIDE_INPUT_PUSHBACK_URN,
  DIRECT_SOURCE_URN,
} from "../operators/operator_urns";
import { COMBINE_COMPONENT_URNS } from "../../combine_component_urns";
import { EXTERNAL_ENVIRONMENT_URN } from "../../portable/worker_environment";
import { UnsupportedFeatureError } from "../unsupported_feature";
import { windowingPolicy } from "../windowing/windowing_policy";
import { isPrimitive, producers } from "./pipeline_graph";

const RUNNER_URNS = [
  DIRECT_SOURCE_URN,
  DIRECT_GROUP_BY_KEY_URN,
  DIRECT_COMBINE_PER_KEY_URN,
  DIRECT_COLLECT_SIDE_INPUT_URN,
  DIRECT_SIDE_INPUT_PUSHBACK_URN,
  flatten.urn,
];

/** The DoFn kinds the SDK worker's ParDo operator executes. */
const DOFN_URNS = [
  urns.SERIALIZED_JS_DOFN_INFO,
  urns.IDENTITY_DOFN_URN,
  urns.JS_WINDOW_INTO_DOFN_URN,
  urns.JS_ASSIGN_TIMESTAMPS_DOFN_URN,
  urns.SPLITTING_JS_DOFN_URN,
];

/**
 * Environments whose transforms this runner executes in its own process: the
 * TypeScript SDK's, and the EXTERNAL (worker pool) one a pipeline submitted to
 * Flink gives them (runners/portable/worker_environment.ts), so a submitted
 * proto runs here as it is. Foreign code in an EXTERNAL environment is still
 * caught by its transform and DoFn URNs below.
 */
const IN_PROCESS_ENVIRONMENT_URNS = [TYPESCRIPT_DEFAULT_ENVIRONMENT_URN, EXTERNAL_ENVIRONMENT_URN];

const SIDE_INPUT_WINDOW_MAPPINGS = [urns.GLOBAL_WINDOW_MAPPING_FN_URN, urns.IDENTITY_WINDOW_MAPPING_FN_URN];

/**
 * Everything in the rewritten pipeline this runner cannot execute, as one
 * UnsupportedFeatureError listing each thing by name and where it is used:
 * foreign environments (cross-language transforms), unknown transform or
 * DoFn URNs, windowing strategies, side-input window mappings.
 */
export function validatePipeline(components: runnerApi.Components): void {
  const problems: string[] = [];
  for (const [environmentId, environment] of Object.entries(components.environments)) {
    if (environment.urn && !IN_PROCESS_ENVIRONMENT_URNS.includes(environment.urn)) {
      problems.push(`the environment ${environment.urn} (${environmentId}; cross-language transforms)`);
    }
  }
  for (const transform of Object.values(components.transforms)) {
    if (isPrimitive(transform)) problems.push(...transformProblems(transform));
  }
  problems.push(...windowingProblems(components));
  if (problems.length > 0) throw new UnsupportedFeatureError(problems);
}

/** Each windowing strategy in use that the runner cannot run, named by the first transform whose output uses it. */
function windowingProblems(components: runnerApi.Components): string[] {
  const producerOf = producers(components);
  const firstUser = new Map<string, string>();
  for (const [pcollectionId, pcollection] of Object.entries(components.pcollections)) {
    const producer = components.transforms[producerOf.get(pcollectionId) ?? ""]?.uniqueName ?? pcollectionId;
    if (!firstUser.has(pcollection.windowingStrategyId))
      firstUser.set(pcollection.windowingStrategyId, producer);
  }
  const problems: string[] = [];
  for (const [strategyId, producer] of firstUser) {
    try {
      windowingPolicy(components.windowingStrategies[strategyId]);
    } catch (error) {
      if (!(error instanceof UnsupportedFeatureError)) throw error;
      problems.push(
        ...error.features.map((feature) => `${feature} (windowing of the output of ${producer})`),
      );
    }
  }
  return problems;
}

function transformProblems(transform: runnerApi.PTransform): string[] {
  const urn = transform.spec?.urn ?? "(none)";
  const where = `in ${transform.uniqueName}`;
  // A combine lifted before submission (runners/portable/lift_combiners.ts) that is not marked
  // combine_per_key runs as its parts, which the SDK worker executes; each carries the CombinePayload.
  if (urn === DIRECT_COMBINE_PER_KEY_URN || COMBINE_COMPONENT_URNS.includes(urn)) {
    const combineFnUrn = runnerApi.CombinePayload.fromBinary(transform.spec!.payload).combineFn?.urn;
    return combineFnUrn === urns.SERIALIZED_JS_COMBINEFN_INFO
      ? []
      : [`the CombineFn kind ${combineFnUrn} ${where}`];
  }
  if (RUNNER_URNS.includes(urn)) return [];
  if (urn !== parDo.urn) return [`the transform ${urn} ${where}`];
  const payload = runnerApi.ParDoPayload.fromBinary(transform.spec!.payload);
  const problems: string[] = [];
  if (!DOFN_URNS.includes(payload.doFn?.urn ?? ""))
    problems.push(`the DoFn kind ${payload.doFn?.urn} ${where}`);
  for (const [sideInputId, sideInput] of Object.entries(payload.sideInputs)) {
    const mapping = sideInput.windowMappingFn?.urn ?? "(none)";
    if (!SIDE_INPUT_WINDOW_MAPPINGS.includes(mapping)) {
      problems.push(`the side-input window mapping ${mapping} (side input ${sideInputId} ${where})`);
    }
  }
  if (Object.keys(payload.stateSpecs).length > 0 || Object.keys(payload.timerFamilySpecs).length > 0) {
    problems.push(`user state and timers ${where}`);
  }
  return problems;
}
