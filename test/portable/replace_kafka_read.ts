import * as runnerApi from "apache-beam/proto/beam_runner_api";
import { KAFKA_READ_WITH_METADATA_URN } from "../../transforms/io/kafka_xlang/read_kafka_with_metadata";
import { EXTERNAL_ENVIRONMENT_URN } from "../../runners/portable/worker_environment";

const mapValues = (record: Record<string, string>, f: (value: string) => string) =>
  Object.fromEntries(Object.entries(record).map((entry) => [entry[0], f(entry[1])]));

/**
 * `submitted` with its cross-language KafkaIO read replaced by every
 * transform of `source` (a pipeline whose one output no transform consumes):
 * that output becomes the read's output PCollection, so the steps after the
 * read consume it unchanged. The source's transforms, PCollections, coders
 * and windowing strategies are copied under the prefix `testSource/`, in the
 * submitted pipeline's TypeScript (EXTERNAL) environment; the read and its
 * Java environment are removed.
 */
export function withKafkaReadReplaced(
  submitted: runnerApi.Pipeline,
  source: runnerApi.Pipeline,
): runnerApi.Pipeline {
  const pipeline = runnerApi.Pipeline.clone(submitted);
  const components = pipeline.components!;
  const readEntry = Object.entries(components.transforms).find(
    (entry) => entry[1].spec?.urn === KAFKA_READ_WITH_METADATA_URN,
  );
  if (readEntry === undefined) throw new Error("the submitted pipeline has no KafkaIO read");
  const readId = readEntry[0];
  const read = readEntry[1];
  const readOutput = Object.values(read.outputs)[0];
  const workerEnvironment = Object.entries(components.environments).find(
    (entry) => entry[1].urn === EXTERNAL_ENVIRONMENT_URN,
  )![0];
  delete components.transforms[readId];
  delete components.environments[read.environmentId];

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
