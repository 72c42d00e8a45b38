import * as assert from "assert";
import "apache-beam";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { replayLog } from "../../cli/replay_log";
import { monitorPipeline } from "../../pipelines/monitor";
import { runMonitor } from "../../runners/run_monitor";
import {
  type EventTimeRunResult,
  eventTimeDirectRunner,
} from "../../runners/direct/event_time_direct_runner";
import { kafkaClient } from "../../transforms/io/kafka/kafka_client";
import { withDeadline } from "../support/deadline";
import {
  type FlightsInput,
  type FlightsRun,
  SLICE_LINES,
  createFlightsTopics,
  flightsLogSlice,
  flightsOnKafkaSpec,
  latestTotals,
  statisticsOf,
  unfinishedLatestPanes,
} from "../support/flights_on_kafka";
import { type KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { readTopics } from "../support/kafka_topics";

describe("Kafka end to end on a real broker", function () {
  this.timeout(60_000);
  let broker: KafkaBroker;
  let input: FlightsInput;
  let runs: FlightsRun[];
  const slice = flightsLogSlice(fs.mkdtempSync(path.join(os.tmpdir(), "kafka-e2e-")));
  // In order (one request in flight), so records are no more out of order than in the log.
  const produceSlice = () =>
    replayLog(slice.file, {
      brokers: broker.brokers,
      topic: input.topic,
      concurrency: 1,
      timestamps: "original",
    });

  beforeEach(async () => {
    broker = await sharedKafkaBroker();
    ({ input, runs } = await createFlightsTopics(broker, 2));
  });

  it("produce → run → result topics: every instance counted once; a malformed message as a dead letter", async () => {
    const produced = await produceSlice();
    assert.deepStrictEqual([produced.sent, produced.failed, produced.unreadable], [SLICE_LINES, 0, 0]);
    const producer = kafkaClient(broker.brokers, "test").producer();
    await producer.connect();
    const [malformed] = await producer.send({
      topic: input.topic,
      messages: [{ value: "{not json", partition: 1, timestamp: "1767225603458" }],
    });
    await producer.disconnect();

    await runMonitor(flightsOnKafkaSpec(broker.bootstrap, input, runs[0]), "direct");

    const results = await readTopics(broker.brokers, [runs[0].statistics, runs[0].deadletter]);
    const statistics = results.filter(({ topic }) => topic === runs[0].statistics);
    const statisticsRecords = statistics.map(({ value }) => JSON.parse(value));
    assert.deepStrictEqual(latestTotals(statisticsRecords), slice.expectedTotals);
    assert.deepStrictEqual(unfinishedLatestPanes(statisticsRecords), []);
    for (const { key, value } of statistics) {
      const { model, feature } = JSON.parse(value);
      assert.strictEqual(key, `${model}/${feature}`);
    }
    const deadLetters = results
      .filter(({ topic }) => topic === runs[0].deadletter)
      .map(({ value }) => JSON.parse(value));
    assert.strictEqual(deadLetters.length, 1);
    assert.strictEqual(deadLetters[0].reason, "bad-json");
    assert.strictEqual(deadLetters[0].raw, "{not json");
    assert.deepStrictEqual(deadLetters[0].source, {
      topic: input.topic,
      partition: 1,
      offset: malformed.baseOffset,
    });
  });

  it("a run cancelled mid-stream and restarted in the same group: the latest panes count every instance once", async () => {
    await produceSlice();
    let delivered = 0;
    // Cancelled once half the records are in (the run is known by then: records come after the group
    // join and the runAsync call returns before its first bundle): it stops before reading its next bundle.
    const started: { run?: EventTimeRunResult } = {};
    const first = await eventTimeDirectRunner({
      maxBundleSize: 50,
      onBundleFinished: ({ sourceElements }) => {
        delivered += sourceElements;
        if (delivered >= SLICE_LINES / 2) started.run?.cancel();
      },
    }).runAsync(monitorPipeline(flightsOnKafkaSpec(broker.bootstrap, input, runs[0])));
    started.run = first;
    assert.strictEqual(await first.waitUntilFinish(), JobState_Enum.CANCELLED);
    assert.ok(delivered >= SLICE_LINES / 2 && delivered < SLICE_LINES, `read ${delivered} before the cancel`);

    await runMonitor(flightsOnKafkaSpec(broker.bootstrap, input, runs[1]), "direct");

    // A consumer reads the first run's results, then the second's, and keeps each window's latest pane.
    // Committing every delivered offset at once instead loses the first records of windows open at the cancel.
    const bothRuns = await statisticsOf(broker, runs[0].statistics, runs[1].statistics);
    assert.deepStrictEqual(latestTotals(bothRuns), slice.expectedTotals);
    assert.deepStrictEqual(unfinishedLatestPanes(bothRuns), []);
  });

  it("says which brokers it cannot reach, within seconds", async () => {
    const unreachable = flightsOnKafkaSpec("127.0.0.1:1", input, runs[0]);
    await assert.rejects(
      withDeadline(
        runMonitor(unreachable, "direct"),
        10_000,
        "the run did not give up on an unreachable broker",
      ),
      new RegExp(
        `cannot reach the Kafka brokers 127\\.0\\.0\\.1:1 to read topic ${input.topic}: .*Check that the brokers are running`,
      ),
    );
  });
});
