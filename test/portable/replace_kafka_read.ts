import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { KAFKA_READ_RECORDS_URN } from "../../transforms/io/kafka_xlang/read_kafka_records";
import { EXTERNAL_ENVIRONMENT_URN } from "../../runners/portable/worker_environment";

const mapValues = (record: Record<string, string>, f: (value: string) => string) =>
  Object.fromEntries(Object.entries(record).map((entry) => [entry[0], f(entry[1])]));

/**
 * The id of the expansion of our cross-language Kafka read in a submitted
 * pipeline: the composite holding the read's `KafkaIO` step (KafkaReadRecords.java),
 * which the TypeScript SDK names `…/External(<urn>)/KafkaIO`. (The composite
 * itself comes back from the Java expansion service with neither URN nor a
 * name of the TypeScript side's.)
 */
export function kafkaReadId(pipeline: runnerApi.Pipeline): string {
  const transforms = pipeline.components!.transforms;
  const kafkaIO = `/External(${KAFKA_READ_RECORDS_URN})/KafkaIO`;
  const ids = Object.keys(transforms).filter((id) =>
    transforms[id].subtransforms.some((sub) => transforms[sub].uniqueName.endsWith(kafkaIO)),
  );
  if (ids.length !== 1) throw new Error(`the submitted pipeline has ${ids.length} Kafka reads`);
  return ids[0];
}

/** A transform's id and those of every transform inside it. */
function withDescendants(transforms: Record<string, runnerApi.PTransform>, id: string): string[] {
  return [id, ...transforms[id].subtransforms.flatMap((sub) => withDescendants(transforms, sub))];
}

/**
 * `submitted` with its cross-language Kafka read replaced by every
 * transform of `source` (a pipeline whose one output no transform consumes):
 * that output becomes the read's output PCollection, so the steps after the
 * read consume it unchanged. The source's transforms, PCollections, coders
 * and windowing strategies are copied under the prefix `testSource/`, in the
 * submitted pipeline's TypeScript (EXTERNAL) environment; the read's
 * transforms and Java environment are removed.
 */
export function withKafkaReadReplaced(
  submitted: runnerApi.Pipeline,
  source: runnerApi.Pipeline,
): runnerApi.Pipeline {
  const pipeline = runnerApi.Pipeline.clone(submitted);
  const components = pipeline.components!;
  const readId = kafkaReadId(pipeline);
  const read = components.transforms[readId];
  const readOutput = Object.values(read.outputs)[0];
  const javaEnvironments = new Set(
    withDescendants(components.transforms, readId)
      .map((id) => components.transforms[id].environmentId)
      .filter((id) => id !== ""),
  );
  const workerEnvironment = Object.entries(components.environments).find(
    (entry) => entry[1].urn === EXTERNAL_ENVIRONMENT_URN,
  )![0];
  for (const id of withDescendants(components.transforms, readId)) delete components.transforms[id];
  for (const id of javaEnvironments) delete components.environments[id];

  const donor = source.components!;
  const consumed = new Set(Object.values(donor.transforms).flatMap((t) => Object.values(t.inputs)));
  const leaves = Object.values(donor.transforms).filter((t) => t.subtransforms.length === 0);
  const unconsumed = [...new Set(leaves.flatMap((t) => Object.values(t.outputs)))].filter(
    (id) => !consumed.has(id),
  );
  if (unconsumed.length !== 1) throw new Error(`the test source has outputs ${unconsumed}, expected one`);
  const prefixed = (id: string) => `testSource/${id}`;
  const pcollectionId = (id: string) => (id === unconsumed[0] ? readOutput : prefixed(id));
  const environmentId = (id: string) => (id === "" ? "" : workerEnvironment);

  for (const [id, transform] of Object.entries(donor.transforms))
    components.transforms[prefixed(id)] = {
      ...transform,
      inputs: mapValues(transform.inputs, pcollectionId),
      outputs: mapValues(transform.outputs, pcollectionId),
      subtransforms: transform.subtransforms.map(prefixed),
      environmentId: environmentId(transform.environmentId),
    };
  for (const [id, pcollection] of Object.entries(donor.pcollections))
    if (id !== unconsumed[0])
      components.pcollections[prefixed(id)] = {
        ...pcollection,
        coderId: prefixed(pcollection.coderId),
        windowingStrategyId: prefixed(pcollection.windowingStrategyId),
      };
  for (const [id, coder] of Object.entries(donor.coders))
    components.coders[prefixed(id)] = { ...coder, componentCoderIds: coder.componentCoderIds.map(prefixed) };
  for (const [id, strategy] of Object.entries(donor.windowingStrategies))
    components.windowingStrategies[prefixed(id)] = {
      ...strategy,
      windowCoderId: prefixed(strategy.windowCoderId),
      environmentId: environmentId(strategy.environmentId),
    };

  const parent = Object.values(components.transforms).find((t) => t.subtransforms.includes(readId));
  const sourceRoots = source.rootTransformIds.map(prefixed);
  if (parent === undefined)
    pipeline.rootTransformIds = pipeline.rootTransformIds.flatMap((id) =>
      id === readId ? sourceRoots : [id],
    );
  else parent.subtransforms = parent.subtransforms.flatMap((id) => (id === readId ? sourceRoots : [id]));
  return pipeline;
}
