import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import { producers } from "./pipeline_graph";

/**
 * For every PCollection, the holders upstream of it: the nearest transforms
 * with one of `holderUrns` (sources, side-input pushbacks) on each path back
 * through the graph. Its watermark is the minimum of theirs.
 */
export function watermarkHolders(
  components: runnerApi.Components,
  holderUrns: readonly string[],
): Map<string, string[]> {
  const producerOf = producers(components);
  const holdersOf = new Map<string, string[]>();
  const holdersUpstreamOf = (pcollectionId: string): string[] => {
    const known = holdersOf.get(pcollectionId);
    if (known !== undefined) return known;
    const producerId = producerOf.get(pcollectionId);
    let holders: string[] = [];
    if (producerId !== undefined) {
      const producer = components.transforms[producerId];
      holders = holderUrns.includes(producer.spec?.urn ?? "")
        ? [producerId]
        : [...new Set(Object.values(producer.inputs).flatMap(holdersUpstreamOf))];
    }
    holdersOf.set(pcollectionId, holders);
    return holders;
  };
  for (const pcollectionId of Object.keys(components.pcollections)) holdersUpstreamOf(pcollectionId);
  return holdersOf;
}
