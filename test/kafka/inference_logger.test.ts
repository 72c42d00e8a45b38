import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { InferenceLogger, type InferenceLoggerCounters } from "../../logger/inference_logger";
import { runMonitor } from "../../runners/run_monitor";
import { waitFor } from "../support/deadline";
import {
  type FlightsInput,
  type FlightsRun,
  SLICE_LINES,
  createFlightsTopics,
  flightsLogSlice,
  flightsOnKafkaSpec,
  latestTotals,
  unfinishedLatestPanes,
} from "../support/flights_on_kafka";
import { type KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { readTopics } from "../support/kafka_topics";

interface KcatLine {
  ts: number;
  headers: string[];
  payload: string;
}

/** A recorded Kafka record as the HTTP request KServe's logger sent: binary mode (`ce-*` headers, body = data). */
function binaryModeRequest({ headers, payload }: KcatLine): RequestInit {
  const httpHeaders: Record<string, string> = {};
  for (let i = 0; i < headers.length; i += 2) httpHeaders[headers[i].replace(/^ce_/, "ce-")] = headers[i + 1];
  return { method: "POST", headers: httpHeaders, body: payload };
}

/** The same event in structured mode: one `application/cloudevents+json` envelope. */
function structuredModeRequest({ headers, payload }: KcatLine): RequestInit {
  const envelope: Record<string, unknown> = {
    datacontenttype: "application/json",
    data: JSON.parse(payload),
  };
  for (let i = 0; i < headers.length; i += 2)
    if (headers[i].startsWith("ce_")) envelope[headers[i].slice(3)] = headers[i + 1];
  return {
    method: "POST",
    headers: { "content-type": "application/cloudevents+json" },
    body: JSON.stringify(envelope),
  };
}

async function metrics(logger: InferenceLogger): Promise<InferenceLoggerCounters> {
  return logger.snapshot();
}

describe("the HTTP inference logger on a real broker", function () {
  this.timeout(60_000);
  let broker: KafkaBroker;
  let input: FlightsInput;
  let run: FlightsRun;
  let logger: InferenceLogger;
  const slice = flightsLogSlice(fs.mkdtempSync(path.join(os.tmpdir(), "kafka-logger-")));
  const startLogger = (maxInFlight: number) =>
    InferenceLogger.start({
      connection: { brokers: broker.bootstrap },
      topic: input.topic,
      port: 0,
      host: "127.0.0.1",
      maxInFlight,
      maxBodyBytes: 1 << 20,
      maxBufferedBytes: 4 << 20,
      maxConnections: 1024,
      log: () => {},
    });

  beforeEach(async () => {
    broker = await sharedKafkaBroker();
    let runs: FlightsRun[];
    ({ input, runs } = await createFlightsTopics(broker, 1));
    run = runs[0];
    logger = await startLogger(8);
  });
  afterEach(() => logger.close());

  it("logger → Kafka → job → statistics topic: every instance of binary and structured events counted once", async () => {
    const lines = fs
      .readFileSync(slice.file, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as KcatLine);
    // One at a time, as one logger sidecar sends them: records no more out of order than in the log.
    const statuses: number[] = [];
    for (const [index, line] of lines.entries()) {
      const request = index % 3 === 2 ? structuredModeRequest(line) : binaryModeRequest(line);
      statuses.push((await fetch(logger.url, request)).status);
    }
    assert.deepStrictEqual(statuses, Array(SLICE_LINES).fill(202));
    assert.deepStrictEqual(await metrics(logger), {
      accepted: SLICE_LINES,
      rejected: 0,
      failed: 0,
      overloaded: 0,
      unauthorized: 0,
      aborted: 0,
      inFlight: 0,
    });

    // The first event of the log, a binary-mode request, as the record the job reads.
    const written = await readTopics(broker.brokers, [input.topic]);
    assert.strictEqual(written.length, SLICE_LINES);
    const first = written.find(({ key }) => key === "5bbb68f8-9894-4002-abe7-4aab25c0e171")!;
    assert.deepStrictEqual(
      { timestamp: first.timestamp, value: first.value, headers: first.headers },
      {
        timestamp: String(lines[0].ts), // 1767225603458 = 2026-01-01T00:00:03.458Z, its ce_time
        value: lines[0].payload,
        headers: {
          ce_id: "5bbb68f8-9894-4002-abe7-4aab25c0e171",
          ce_type: "org.kubeflow.serving.inference.request",
          ce_source: "http://localhost:9081/",
          ce_specversion: "1.0",
          ce_time: "2026-01-01T00:00:03.458Z",
          ce_inferenceservicename: "flight-delay",
          ce_namespace: "default",
          "content-type": "application/json",
        },
      },
    );

    await runMonitor(flightsOnKafkaSpec(broker.bootstrap, input, run), "direct");
    const statistics = (await readTopics(broker.brokers, [run.statistics])).map(({ value }) =>
      JSON.parse(value),
    );
    assert.deepStrictEqual(latestTotals(statistics), slice.expectedTotals);
    assert.deepStrictEqual(unfinishedLatestPanes(statistics), []);
  });

  it("answers a malformed event 400 with the reason (other methods 405, an oversized body 413), and writes nothing", async () => {
    const response = await fetch(logger.url, {
      method: "POST",
      headers: { "ce-specversion": "1.0", "ce-type": "org.kubeflow.serving.inference.request" },
      body: '{"instances":[[1]]}',
    });
    assert.strictEqual(response.status, 400);
    assert.deepStrictEqual(await response.json(), {
      error: "the CloudEvent lacks required attributes ce-id, ce-source",
    });
    assert.strictEqual((await fetch(logger.url, { method: "PUT", body: "x" })).status, 405);
    const tooLarge = { method: "POST", headers: { "content-type": "application/cloudevents+json" } };
    // maxBodyBytes is 1 MiB.
    assert.strictEqual(
      (await fetch(logger.url, { ...tooLarge, body: "x".repeat((1 << 20) + 1) })).status,
      413,
    );
    assert.deepStrictEqual(await metrics(logger), {
      accepted: 0,
      rejected: 3,
      failed: 0,
      overloaded: 0,
      unauthorized: 0,
      aborted: 0,
      inFlight: 0,
    });
    assert.deepStrictEqual(await readTopics(broker.brokers, [input.topic]), []);
  });

  it("answers 429 beyond its in-flight limit, without reading the extra request in", async () => {
    await logger.close();
    logger = await startLogger(1);
    const event = binaryModeRequest({
      ts: 0,
      headers: ["ce_id", "r1", "ce_type", "t", "ce_source", "s", "ce_specversion", "1.0"],
      payload: '{"instances":[[1]]}',
    });
    // A request whose body is still coming holds the only slot.
    const slow = http.request(logger.url, {
      method: "POST",
      headers: { ...(event.headers as Record<string, string>), "content-length": "19" },
    });
    const slowStatus = new Promise<number>((resolve) => slow.on("response", (r) => resolve(r.statusCode!)));
    slow.write('{"instances"');
    await waitFor(
      async () => (await metrics(logger)).inFlight === 1,
      5_000,
      "the logger never counted the slow request in flight",
    );

    const turnedAway = await fetch(logger.url, event);
    assert.deepStrictEqual([turnedAway.status, turnedAway.headers.get("retry-after")], [429, "1"]);
    slow.end(":[[1]]}");
    assert.strictEqual(await slowStatus, 202);
    assert.deepStrictEqual(await metrics(logger), {
      accepted: 1,
      rejected: 0,
      failed: 0,
      overloaded: 1,
      unauthorized: 0,
      aborted: 0,
      inFlight: 0,
    });
  });

  it("answers 503 while the broker is stopped and 202 once it is started again", async () => {
    const event = () =>
      fetch(
        logger.url,
        binaryModeRequest({
          ts: 0,
          headers: ["ce_id", "r1", "ce_type", "t", "ce_source", "s", "ce_specversion", "1.0"],
          payload: '{"instances":[[1]]}',
        }),
      );
    await broker.stop();
    let refused: Response;
    try {
      refused = await event();
    } finally {
      await broker.start();
    }
    assert.deepStrictEqual([refused.status, refused.headers.get("retry-after")], [503, "1"]);
    assert.match(
      ((await refused.json()) as { error: string }).error,
      /^Kafka did not take the event: .*; retry later$/,
    );

    // As a sender does: retry until accepted (kafkajs reconnects on the next attempt or the one after).
    const retries: number[] = [];
    for (let status = 0; status !== 202 && retries.length < 10;)
      retries.push((status = (await event()).status));
    assert.strictEqual(retries[retries.length - 1], 202, `statuses after the brokers came back: ${retries}`);
    const counters = await metrics(logger);
    assert.deepStrictEqual([counters.accepted, counters.failed], [1, retries.length]);
    assert.deepStrictEqual(
      (await readTopics(broker.brokers, [input.topic])).map(({ key }) => key),
      ["r1"],
    );
  });
});
