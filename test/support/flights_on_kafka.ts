import * as fs from "fs";
import * as path from "path";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { type MonitorSpec, monitorSpecSchema } from "../../pipelines/spec/schema";
import { uniqueName } from "./unique_name";
import { readTopics } from "./kafka_topics";
import { type WindowedResult, latestPanes } from "./latest_panes";

const EXAMPLE = path.resolve(__dirname, "../../../examples/flights");
const NUMERICAL = ["distance", "departure_hour", "delay", "predicted_delay"];
/** Requests and responses of the first days of the flights log: several windows, quick to run. */
export const SLICE_LINES = 800;

export interface StatisticsRecord extends WindowedResult {
  feature: string;
  count: number;
  missing: number;
  emittedAt: string;
}

/**
 * The first SLICE_LINES lines of the recorded flights log in `directory`, and
 * the totals the latest panes must give per numerical feature: instances per
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

/** A broker, or librdkafka's mock cluster, that creates topics. */
interface TopicCreator {
  createTopic(topic: string, partitions: number): Promise<void>;
}

/** The input topic (2 partitions) and the consumer group the job reads it in, unique to one test. */
export interface FlightsInput {
  topic: string;
  groupId: string;
}

/** Where one run of the job writes: its statistics and dead-letter topics (1 partition each). */
export interface FlightsRun {
  statistics: string;
  deadletter: string;
}

/**
 * Creates a unique input topic and group, and result topics for `runs` runs of the job, so
 * that tests on the shared broker never read each other's records or offsets.
 */
export async function createFlightsTopics(
  broker: TopicCreator,
  runs: number,
): Promise<{ input: FlightsInput; runs: FlightsRun[] }> {
  const input = { topic: uniqueName("inference-log"), groupId: uniqueName("monitor") };
  await broker.createTopic(input.topic, 2);
  const results: FlightsRun[] = [];
  for (let run = 0; run < runs; run++) {
    const topics = { statistics: uniqueName("statistics"), deadletter: uniqueName("deadletter") };
    await broker.createTopic(topics.statistics, 1);
    await broker.createTopic(topics.deadletter, 1);
    results.push(topics);
  }
  return { input, runs: results };
}

/**
 * The flights example's spec reading `input` until 1.5 s without records, writing statistics
 * and dead letters to the run's topics.
 */
export function flightsOnKafkaSpec(brokers: string, input: FlightsInput, run: FlightsRun): MonitorSpec {
  const example = loadSpec(path.join(EXAMPLE, "monitor.yaml"));
  return monitorSpecSchema.parse({
    ...example,
    window: { size: "60s", watermarkDelay: "6s", allowedLateness: "10s" },
    source: {
      kind: "kafka",
      brokers,
      topic: input.topic,
      groupId: input.groupId,
      untilIdle: "1500ms",
      // Short: a member that does not leave the group (a cancelled or killed job) holds its
      // partitions until its session expires.
      sessionTimeout: "4s",
    },
    sinks: [{ kind: "kafka", brokers, topics: { statistics: run.statistics, deadletter: run.deadletter } }],
  });
}

/**
 * Per numerical feature, count + missing summed over the latest pane of each window, as a
 * consumer following the README keeps them (records in the order they were read).
 */
export function latestTotals(records: StatisticsRecord[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const record of latestPanes(records).values()) {
    if (!NUMERICAL.includes(record.feature)) continue;
    totals[record.feature] = (totals[record.feature] ?? 0) + record.count + record.missing;
  }
  return totals;
}

/** The latest panes that are not final: none once a run has read to its end (watermark +∞). */
export function unfinishedLatestPanes(records: StatisticsRecord[]): string[] {
  return [...latestPanes(records).values()]
    .filter((record) => !record.pane.final)
    .map((record) => `${record.feature} ${record.window.start} pane ${record.pane.index}`);
}

/** The statistics records of these topics, in one list, topic by topic in the order given. */
export async function statisticsOf(
  cluster: { brokers: string[] },
  ...topics: string[]
): Promise<StatisticsRecord[]> {
  return (await readTopics(cluster.brokers, topics)).map(
    (record) => JSON.parse(record.value) as StatisticsRecord,
  );
}
