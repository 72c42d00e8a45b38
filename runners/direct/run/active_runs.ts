import type { OperatorContext } from "apache-beam/worker/operators";
import type { DirectRun } from "./direct_run";

/**
 * Runs in progress, by id. The SDK constructs operators from the bundle
 * descriptor alone, so the runner sets the descriptor's id to its run id and
 * operators look their run up here.
 */
const activeRuns = new Map<string, DirectRun>();

export function startRun(runId: string, run: DirectRun): void {
  activeRuns.set(runId, run);
}

export function endRun(runId: string): void {
  activeRuns.delete(runId);
}

export function runOf(context: OperatorContext): DirectRun {
  const run = activeRuns.get(context.descriptor.id);
  if (run === undefined)
    throw new Error(`operator built outside a direct run (descriptor ${context.descriptor.id})`);
  return run;
}
