import * as fs from "fs";
import * as path from "path";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { type MonitorSpec, monitorSpecSchema } from "../../pipelines/spec/schema";
import type { KafkaMockCluster } from "./kafka_mock_cluster";
import { readTopics } from "./kafka_topics";

const EXAMPLE = path.resolve(__dirname, "../../../examples/flights");
const NUMERICAL = ["distance", "departure_hour", "delay", "predicted_delay"];
/** Requests and responses of the first days of the flights log: several windows, quick to run. */
export const SLICE_LINES = 800;

interface StatisticsRecord {
  feature: string;
  count: number;
  missing: number;
  window: { start: string };
  pane: { final: boolean; index: number };
  emittedAt: string;
}

/**
 * The first SLICE_LINES lines of the recorded flights log in `directory`, and
 * the final-pane totals they must give per numerical feature: instances per
 * request, predictions per response (read here without the job's parser).
 */
export function flightsLogSlice(directory: string): { file: string; expectedTotals: Record<string, number> } {
  const lines = fs
    .readFileSync(path.join(EXAMPLE, "inference_log.jsonl"), "utf8")
    .split("\n")
    .slice(0, SLICE_LINES);
  const file = path.join(directory, "slice.jsonl");
  fs.writeFileSync(file, lines.join("\n") + "\n");
  let instances = 0;
  let predictions = 0;
  for (const line of lines) {
    const body = JSON.parse(JSON.parse(line).payload) as { instances?: unknown[]; predictions?: unknown[] };
    instances += body.instances?.length ?? 0;
    predictions += body.predictions?.length ?? 0;
  }
  return {
    file,
    expectedTotals: {
      distance: instances,
      departure_hour: instances,
      delay: instances,
      predicted_delay: predictions,
    },
  };
}

/**
 * The flights example's spec reading topic `inference-log` in group `monitor`
 * until 1.5 s without records, writing statistics and dead letters to
 * `statistics-<run>` and `deadletter-<run>`.
 */
export function flightsOnKafkaSpec(brokers: string, run: string): MonitorSpec {
  const example = loadSpec(path.join(EXAMPLE, "monitor.yaml"));
  return monitorSpecSchema.parse({
    ...example,
    window: { size: "60s", watermarkDelay: "6s", allowedLateness: "10s" },
    source: {
      kind: "kafka",
      brokers,
      topic: "inference-log",
      groupId: "monitor",
      untilIdle: "1500ms",
      // Short: the mock cluster makes a restarted consumer wait for the old one's session to expire.
      sessionTimeout: "4s",
    },
    sinks: [
      {
        kind: "kafka",
        brokers,
        topics: { statistics: `statistics-${run}`, deadletter: `deadletter-${run}` },
      },
    ],
  });
}

/** Topics the flights-on-Kafka runs use, created on the mock (it has no CreateTopics API). */
export async function createFlightsTopics(cluster: KafkaMockCluster, runs: string[]): Promise<void> {
  await cluster.createTopic("inference-log", 2);
  for (const run of runs) {
    await cluster.createTopic(`statistics-${run}`, 1);
    await cluster.createTopic(`deadletter-${run}`, 1);
  }
}

/**
 * Per numerical feature, count + missing summed over one final pane per
 * window — the largest when reruns emitted the window again.
 */
export function finalTotals(records: StatisticsRecord[]): Record<string, number> {
  const perWindow = new Map<string, { feature: string; total: number }>();
  for (const record of records) {
    if (!record.pane.final || !NUMERICAL.includes(record.feature)) continue;
    const id = `${record.feature} ${record.window.start}`;
    const total = Math.max(perWindow.get(id)?.total ?? 0, record.count + record.missing);
    perWindow.set(id, { feature: record.feature, total });
  }
  const totals: Record<string, number> = {};
  for (const { feature, total } of perWindow.values()) totals[feature] = (totals[feature] ?? 0) + total;
  return totals;
}

/** The statistics records of these topics, in one list. */
export async function statisticsOf(
  cluster: KafkaMockCluster,
  ...topics: string[]
): Promise<StatisticsRecord[]> {
  return (await readTopics(cluster.brokers, topics)).map(
    (record) => JSON.parse(record.value) as StatisticsRecord,
  );
}
