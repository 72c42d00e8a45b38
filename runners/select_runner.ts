import { Runner } from "apache-beam/runners/runner";
import { directRunner } from "apache-beam/runners/direct_runner";
import { type EventTimeRunnerOptions, eventTimeDirectRunner } from "./direct/event_time_direct_runner";

/**
 * `direct` (the default) is our event-time direct runner: watermarks,
 * triggers, allowed lateness and pane labels as on Flink (runners/direct).
 * `beam-direct` is the SDK's own direct runner: one bundle, no watermark, every
 * pane labelled LATE; kept for comparison, it cannot show event-time behaviour.
 * `flink` is Beam's Flink runner through a job server, with this process's
 * TypeScript workers (runners/portable/run_on_flink.ts).
 */
export const RUNNER_NAMES = ["direct", "beam-direct", "flink"] as const;
export type RunnerName = (typeof RUNNER_NAMES)[number];
/** The runners that run a pipeline inside this process as a Beam `Runner`. */
export type InProcessRunnerName = Exclude<RunnerName, "flink">;

/** `options` tune our direct runner (e.g. a per-bundle callback); the stock runner has none. */
export function runnerFor(name: InProcessRunnerName, options: EventTimeRunnerOptions = {}): Runner {
  switch (name) {
    case "direct":
      return eventTimeDirectRunner(options);
    case "beam-direct":
      return directRunner();
  }
}
