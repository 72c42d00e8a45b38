import * as assert from "assert";
import "apache-beam";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { replayLog } from "../../cli/replay_log";
import { monitorPipeline } from "../../pipelines/monitor";
import { eventTimeDirectRunner } from "../../runners/direct/event_time_direct_runner";
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

const OUTAGE_MS = 2_000;

describe("the Kafka broker down mid-run (its process frozen, then resumed)", function () {
  this.timeout(60_000);
  let broker: KafkaBroker;
  let input: FlightsInput;
  let run: FlightsRun;
  const slice = flightsLogSlice(fs.mkdtempSync(path.join(os.tmpdir(), "kafka-outage-")));

  before(async () => {
    broker = await sharedKafkaBroker();
    let runs: FlightsRun[];
    ({ input, runs } = await createFlightsTopics(broker, 1));
    run = runs[0];
    await replayLog(slice.file, {
      brokers: broker.brokers,
      topic: input.topic,
      concurrency: 1,
      timestamps: "original",
    });
  });

  it("the broker frozen (SIGSTOP) for 2 s mid-stream: every instance counted, no pane written twice", async () => {
    let delivered = 0;
    let outage: { deliveredBefore: number; startMs: number; over: Promise<void> } | undefined;
    const job = await eventTimeDirectRunner({
      maxBundleSize: 50,
      onBundleFinished: ({ sourceElements }) => {
        delivered += sourceElements;
        if (outage === undefined && delivered >= SLICE_LINES / 2) {
          // Resumed by a separate process: the job's sink blocks this one while the broker is frozen.
          outage = { deliveredBefore: delivered, startMs: Date.now(), over: broker.pauseFor(OUTAGE_MS) };
        }
      },
    }).runAsync(monitorPipeline(flightsOnKafkaSpec(broker.bootstrap, input, run)));
    assert.strictEqual(await job.waitUntilFinish(), JobState_Enum.DONE);

    assert.ok(outage !== undefined, "the job never read half the records");
    await outage.over;
    assert.ok(outage.deliveredBefore < SLICE_LINES, "the outage began after the last record");
    const statistics = await statisticsOf(broker, run.statistics);
    assert.deepStrictEqual(latestTotals(statistics), slice.expectedTotals);
    assert.deepStrictEqual(unfinishedLatestPanes(statistics), []);
    // Results made while the broker was frozen reached it only through the sink's waiting and retries.
    const emittedInOutage = statistics.filter(({ emittedAt }) => {
      const emittedMs = Date.parse(emittedAt);
      return emittedMs >= outage!.startMs && emittedMs < outage!.startMs + OUTAGE_MS;
    });
    assert.ok(emittedInOutage.length > 0, "no result was made during the outage");
    // No restart, so no pane may come twice (a pane is identified by feature, window and index).
    const panes = statistics.map(({ feature, window, pane }) => `${feature} ${window.start} ${pane.index}`);
    assert.strictEqual(new Set(panes).size, panes.length, "a pane was written twice");
  });
});
