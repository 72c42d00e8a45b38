import { Runner } from "apache-beam/runners/runner";
import { directRunner } from "apache-beam/runners/direct_runner";

/**
 * `beam-direct` is the SDK's own direct runner: one bundle, no watermark, so
 * every pane is the only one. Fine for bounded files; it cannot show event-time
 * behaviour (late data, early panes).
 */
export const RUNNER_NAMES = ["direct", "beam-direct"] as const;
export type RunnerName = (typeof RUNNER_NAMES)[number];

export function runnerFor(name: RunnerName): Runner {
  switch (name) {
    case "direct":
    case "beam-direct":
      return directRunner();
  }
}
