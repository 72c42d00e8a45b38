import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { replayLog } from "../../cli/replay_log";
import { modelMonitor } from "../baseline/baseline_cli";
import { type KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { uniqueName } from "../support/unique_name";
import { readTopics } from "../support/kafka_topics";
import { type WindowedResult, latestPanes } from "../support/latest_panes";

/**
 * Plain JSON events `{x, t}` (no record timestamp in the file), 10 per second
 * of event time `t` from 2026-01-01: 60 windows of 10 s, 100 events each.
 * Replayed to a real broker with `produce`, read back by `model-monitor run`
 * with `input.eventTime: t`.
 */
const EVENTS = 6000;
const START_MS = Date.UTC(2026, 0, 1);

describe("a topic of plain JSON events with the event time in a field (real broker)", function () {
  this.timeout(120_000);
  let broker: KafkaBroker;
  let dir: string;
  let log: string;

  before(async () => {
    broker = await sharedKafkaBroker();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "field-event-time-"));
    log = path.join(dir, "events.jsonl");
    const lines = Array.from({ length: EVENTS }, (_, i) =>
      JSON.stringify({ x: i % 7, t: START_MS + i * 100 }),
    );
    fs.writeFileSync(log, lines.join("\n") + "\n");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function replayed(options: { timestamps: "now" } | { timestamps: "now"; eventTimePath: string }) {
    const topic = uniqueName("plain-events");
    await broker.createTopic(topic, 2);
    const progress = await replayLog(log, { brokers: broker.brokers, topic, concurrency: 1, ...options });
    assert.equal(progress.sent, EVENTS, progress.firstError);
    assert.equal(progress.unstamped, 0);
    return topic;
  }

  function windowCounts(topic: string): number[] {
    const spec = path.join(dir, `${topic}.yaml`);
    fs.writeFileSync(
      spec,
      [
        "model: plain",
        "features: [{name: x, type: numerical, path: x}]",
        "input: {format: json, eventTime: t}",
        `source: {kind: kafka, brokers: "${broker.bootstrap}", topic: ${topic}, groupId: ${topic}, untilIdle: 3s}`,
        "window: {size: 10s}",
        `sinks: [{kind: file, dir: out-${topic}}]`,
      ].join("\n"),
    );
    const run = modelMonitor("run", spec, "--state-dir", path.join(dir, `state-${topic}`));
    assert.equal(run.status, 0, run.stderr);
    const text = fs.readFileSync(path.join(dir, `out-${topic}`, "statistics.jsonl"), "utf8");
    const results = text
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as WindowedResult & { count: number });
    return [...latestPanes(results).values()]
      .sort((a, b) => a.window.start.localeCompare(b.window.start))
      .map((result) => result.count);
  }

  it("record timestamps = send time: the watermark follows the field, every event is counted", async () => {
    assert.deepEqual(windowCounts(await replayed({ timestamps: "now" })), Array(60).fill(100));
  });

  it("produce --event-time t stamps each record with its field's time", async () => {
    const topic = await replayed({ timestamps: "now", eventTimePath: "t" });
    const records = await readTopics(broker.brokers, [topic]);
    const stamped = records.map((record) => [Number(record.timestamp), JSON.parse(record.value).t]);
    assert.equal(stamped.length, EVENTS);
    for (const [timestampMs, t] of stamped) assert.equal(timestampMs, t);
    assert.deepEqual(windowCounts(topic), Array(60).fill(100));
  });
});
