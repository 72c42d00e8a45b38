import type * as runnerApi from "apache-beam/proto/beam_runner_api";

/**
 * Turns a composite into a leaf the runner executes itself, under `urn`:
 * its subtransforms, at every depth, leave the pipeline. Used for the marked
 * source (whose inner expansion is for other runners) and combine_per_key
 * (whose GroupByKey + combine expansion is what lifting replaces).
 */
export function collapseComposite(components: runnerApi.Components, transformId: string, urn: string): void {
  const transform = components.transforms[transformId];
  const drop = (ids: string[]) => {
    for (const id of ids) {
      drop(components.transforms[id].subtransforms);
      delete components.transforms[id];
    }
  };
  drop(transform.subtransforms);
  transform.subtransforms = [];
  transform.spec = { urn, payload: transform.spec?.payload ?? new Uint8Array() };
}
