import * as fs from "fs";
import type { WindowSpecMs } from "../../../transforms/windowing/spec_windowing";
import type { Aggregate } from "./keyed_pipeline";

/** A pane a scenario expects, as the spec's records label it. */
export interface ExpectedPane {
  key: string;
  window: [number, number];
  value: number | number[];
  timing: "EARLY" | "ON_TIME" | "LATE";
  index: number;
  onTimeIndex: number;
  final: boolean;
}

export interface Scenario {
  title: string;
  window: WindowSpecMs;
  aggregate: Aggregate;
  droppedLate: number;
  idleTimeoutMs?: number;
  /** Text the runner's log must contain (e.g. the window of dropped data). */
  logContains: string[];
  /** The testStream script: the scenario's lines without its expectations. */
  script: string;
  /** Expected panes per bundle: bundle k ends at the script's (k+1)-th control line, the last at the end of the script. */
  panesByBundle: ExpectedPane[][];
}

/**
 * A scenario file (test/runner/scenarios/*.jsonl): a header line
 * `{"scenario": title, "window": WindowSpecMs, "aggregate", "droppedLate", …}`,
 * then testStream lines, each control line followed by the panes its bundle
 * must emit (`{"expect": ExpectedPane}`), and `{"endOfStream": true}` followed
 * by the panes the end of the stream (watermark +∞) must emit. A bundle with
 * no expectation must emit nothing.
 */
export function readScenario(file: string): Scenario {
  // (No array-destructuring declarations: ts-closure-transform keeps only their first name.)
  const parsed = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((text) => text.trim() !== "")
    .map((text) => ({ text, json: JSON.parse(text) as Record<string, unknown> }));
  const header = parsed[0];
  const lines = parsed.slice(1);
  const script: string[] = [];
  const panesByBundle: ExpectedPane[][] = [[]];
  let ended = false;
  for (const { text, json } of lines) {
    if ("expect" in json) {
      if (panesByBundle.length === 1 && !ended)
        throw new Error(`${file}: an expectation before any control line`);
      panesByBundle[panesByBundle.length - (ended ? 1 : 2)].push(json.expect as ExpectedPane);
    } else if ("endOfStream" in json) {
      ended = true;
    } else {
      if (ended) throw new Error(`${file}: script after endOfStream`);
      script.push(text);
      if ("watermarkMs" in json || "processingTimeMs" in json) panesByBundle.push([]);
    }
  }
  const scenario = header.json as {
    scenario: string;
    window: WindowSpecMs;
    aggregate: Aggregate;
    droppedLate: number;
    idleTimeoutMs?: number;
    logContains?: string[];
  };
  return {
    title: scenario.scenario,
    window: scenario.window,
    aggregate: scenario.aggregate,
    droppedLate: scenario.droppedLate,
    idleTimeoutMs: scenario.idleTimeoutMs,
    logContains: scenario.logContains ?? [],
    script: script.join("\n") + "\n",
    panesByBundle,
  };
}
