import * as fs from "fs";
import type { MonitorSpec } from "../../pipelines/spec/schema";
import { loadBaselineProfile } from "../../transforms/baseline/baseline_profile";
import { isOverlong, overlongDetail, readLines } from "../../transforms/io/read_lines";
import { prepareFileSink, resultFile } from "../../transforms/io/result_sink";
import { windowInterval } from "../../transforms/io/results";
import type { PaneLabel } from "../../transforms/io/results";
import type { DeadLetter, InferenceRecord } from "../../transforms/parse/inference_record";
import { parseEvent } from "../../transforms/parse/parse_event";
import { recordedLineEvent } from "../../transforms/parse/recorded_log";
import { CoMoments, FeatureStatistics } from "../../transforms/statistics";
import type { StatisticsRecord } from "../../transforms/statistics/beam/statistics_record";
import { statisticsPlan } from "../../transforms/statistics/statistics_plan";

/** What one pass of the loop read and wrote. */
export interface LoopSummary {
  /** Non-blank lines of the log (inference-log events). */
  events: number;
  /** Request instances: records carrying features (a request's part, or both parts). */
  instances: number;
  statistics: StatisticsRecord[];
  deadLetters: DeadLetter[];
}

/** The loop sees the whole input before it reports, so each window's one record is complete. */
const COMPLETE: PaneLabel = { timing: "ON_TIME", index: 0, final: true };
/** The correlation record's `feature`, as the job's windowed statistics name it. */
const ALL_NUMERICAL_FEATURES = "*";

interface WindowState {
  features: Map<string, FeatureStatistics>;
  correlation: CoMoments | undefined;
}

/**
 * The monitoring job's statistics as one plain loop, without Beam: the
 * throughput reference for the runners. It reads the spec's `file` source line
 * by line with the job's own parsing (recordedLineEvent, parseEvent), puts
 * each record into the event-time windows windowingFor gives it, and adds its
 * values to the same accumulators the job's windowed statistics combine
 * (transforms/statistics/windowed_statistics.ts: FeatureStatistics per feature
 * and window, CoMoments per window) under the same statistics plan — the
 * observation rules of featureObservations / numericalRows are
 * restated here because there they live inside Beam transforms. At the end it
 * writes one statistics record per (feature, window) and one correlation
 * record per window, and the dead letters, to the spec's file sinks. No
 * watermark, so nothing is late or dropped; each window has one pane.
 */
export function statisticsLoop(spec: MonitorSpec): LoopSummary {
  if (spec.source.kind !== "file") {
    throw new Error(`the statistics loop reads a file source; this spec's source is ${spec.source.kind}`);
  }
  const file = spec.source.path;
  const baseline = spec.baseline === undefined ? undefined : loadBaselineProfile(spec.baseline);
  const plan = statisticsPlan(spec, baseline);
  const prediction = plan.prediction;
  const windowStartsOf = eventTimeWindows(spec.window);
  const windows = new Map<number, WindowState>();
  const deadLetters: DeadLetter[] = [];
  // An object, not two `let`s: ts-closure-transform boxes a captured `let`, and `return { instances }` returned the box.
  const counts = { events: 0, instances: 0 };

  const observe = (state: WindowState, feature: string, value: InferenceRecord["prediction"]) => {
    let statistics = state.features.get(feature);
    if (statistics === undefined) {
      statistics = FeatureStatistics.forFeatures(plan.plans);
      state.features.set(feature, statistics);
    }
    statistics.add({ feature, value: value ?? null });
  };
  const accumulate = (record: InferenceRecord) => {
    if (record.part !== "response") counts.instances += 1;
    for (const startMs of windowStartsOf(record.eventTimeMs)) {
      let state = windows.get(startMs);
      if (state === undefined) {
        state = { features: new Map(), correlation: undefined };
        windows.set(startMs, state);
      }
      if (record.part !== "response") {
        for (const feature of plan.features) observe(state, feature, record.features[feature]);
        if (plan.correlation.length > 0) {
          state.correlation ??= new CoMoments(plan.correlation);
          state.correlation.add(plan.correlation.map((feature) => record.features[feature] as number | null));
        }
      }
      if (record.part !== "request" && prediction !== undefined)
        observe(state, prediction, record.prediction);
    }
  };

  for (const numbered of readLines(file)) {
    if (isOverlong(numbered)) throw new Error(`${file}: ${overlongDetail(numbered)}`);
    const event = recordedLineEvent(numbered.text, { file, line: numbered.line }, Date.now());
    if (event === undefined) continue;
    counts.events += 1;
    if ("kind" in event) {
      deadLetters.push(event);
      continue;
    }
    const parsed = parseEvent(event, spec, Date.now());
    for (const record of parsed.records) accumulate(record);
    deadLetters.push(...parsed.deadLetters);
  }

  const statistics = windowRecords(spec, windows, prediction);
  writeFileSinks(spec, [...statistics, ...deadLetters]);
  return { ...counts, statistics, deadLetters };
}

/**
 * The event-time windows' starts for an event time, as windowingFor assigns
 * them: the Beam window fn runs on t + d (d the watermark delay) with windows
 * offset by d mod period, and results report the window shifted back by d.
 */
function eventTimeWindows(window: MonitorSpec["window"]): (eventTimeMs: number) => number[] {
  const sizeMs = window.size;
  const periodMs = window.slide ?? sizeMs;
  const delayMs = window.watermarkDelay;
  const offsetMs = delayMs % periodMs;
  return (eventTimeMs) => {
    const t = eventTimeMs + delayMs;
    const starts: number[] = [];
    const lastStartMs = t - ((((t - offsetMs) % periodMs) + periodMs) % periodMs);
    for (let startMs = lastStartMs; startMs > t - sizeMs; startMs -= periodMs) starts.push(startMs - delayMs);
    return starts;
  };
}

function windowRecords(
  spec: MonitorSpec,
  windows: Map<number, WindowState>,
  prediction: string | undefined,
): StatisticsRecord[] {
  const records: StatisticsRecord[] = [];
  const emittedAt = new Date().toISOString();
  for (const [startMs, state] of [...windows].sort((a, b) => a[0] - b[0])) {
    const window = windowInterval(startMs, startMs + spec.window.size);
    const labels = { kind: "statistics" as const, model: spec.model, window, pane: COMPLETE };
    for (const [feature, statistics] of state.features) {
      const result = statistics.result();
      if (result === undefined) continue;
      const role = feature === prediction ? ("prediction" as const) : ("feature" as const);
      records.push({ ...labels, feature, role, ...result, emittedAt });
    }
    if (state.correlation === undefined) continue;
    const { features, correlation, covariance, counts } = state.correlation.result();
    records.push({
      ...labels,
      feature: ALL_NUMERICAL_FEATURES,
      type: "correlation",
      correlation: { features, pearson: correlation, covariance, counts },
      emittedAt,
    });
  }
  return records;
}

function writeFileSinks(spec: MonitorSpec, results: (StatisticsRecord | DeadLetter)[]): void {
  for (const sink of spec.sinks) {
    if (sink.kind !== "file") continue;
    prepareFileSink(sink.dir, ["statistics", "deadletter"]);
    for (const kind of ["statistics", "deadletter"] as const) {
      const lines = results.filter((result) => result.kind === kind).map((result) => JSON.stringify(result));
      if (lines.length > 0) fs.appendFileSync(resultFile(sink.dir, kind), lines.join("\n") + "\n");
    }
  }
}
