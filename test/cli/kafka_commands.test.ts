import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { kafkaClient } from "../../transforms/io/kafka/kafka_client";
import { CLI, FLIGHTS_DIR, FLIGHTS_SPEC, modelMonitor, temporaryDir } from "../baseline/baseline_cli";
import { type KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { uniqueName } from "../support/unique_name";
import { readTopics } from "../support/kafka_topics";
import { latestPanes } from "../support/latest_panes";
import { waitForValue } from "../support/deadline";

// produce, logger and run on a Kafka source, run as processes against a real broker
// (test/support/kafka_broker.ts).

interface KcatLine {
  ts: number;
  headers: string[];
  payload: string;
}

const FIRST_LINES = 40;
const flightsLines = (): string[] =>
  fs.readFileSync(path.join(FLIGHTS_DIR, "inference_log.jsonl"), "utf8").split("\n").slice(0, FIRST_LINES);

/** The flights spec reading `topic` as group `groupId`, results to `outDir`, extra source fields. */
function kafkaSpec(broker: KafkaBroker, topic: string, source: Record<string, string> = {}): string {
  const dir = temporaryDir();
  const spec = path.join(dir, "monitor.yaml");
  const sourceYaml = Object.entries({ topic, groupId: uniqueName("job"), ...source })
    .map(([name, value]) => `  ${name}: ${value}\n`)
    .join("");
  fs.writeFileSync(
    spec,
    fs
      .readFileSync(FLIGHTS_SPEC, "utf8")
      .replace(
        /source:\n(.*\n)*?\n/,
        `source:\n  kind: kafka\n  brokers: ${broker.bootstrap}\n${sourceYaml}\n`,
      )
      .replace("baseline: baseline.json", `baseline: ${path.join(FLIGHTS_DIR, "baseline.json")}`),
  );
  return spec;
}

const jsonLines = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Instances counted per window start in the latest statistics panes of one feature. */
function distanceCounts(outDir: string): Record<string, number> {
  const latest = [
    ...latestPanes(jsonLines(path.join(outDir, "statistics.jsonl")) as never).values(),
  ] as unknown as {
    feature: string;
    window: { start: string };
    count: number;
  }[];
  return Object.fromEntries(
    latest.filter((r) => r.feature === "distance").map((r) => [r.window.start, r.count]),
  );
}

/** The same, counted from kcat lines without the job's parser: instances of requests per 60 s window. */
function expectedDistanceCounts(lines: KcatLine[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { ts, payload } of lines) {
    const instances = (JSON.parse(payload) as { instances?: unknown[] }).instances?.length ?? 0;
    if (instances === 0) continue;
    const start = new Date(Math.floor(ts / 60_000) * 60_000).toISOString();
    counts[start] = (counts[start] ?? 0) + instances;
  }
  return counts;
}

describe("model-monitor produce, logger and run on Kafka, as processes against a real broker", function () {
  this.timeout(180_000);
  let broker: KafkaBroker;
  let topic: string;
  const lines = flightsLines().map((line) => JSON.parse(line) as KcatLine);

  before(async () => {
    broker = await sharedKafkaBroker();
    topic = uniqueName("inference-log");
    await broker.createTopic(topic, 2);
  });

  it("produce: replays a recorded log into a topic, payload, CloudEvent headers and timestamps kept", async () => {
    const log = path.join(temporaryDir(), "log.jsonl");
    fs.writeFileSync(log, flightsLines().join("\n") + "\n");
    const produce = modelMonitor("produce", log, "--brokers", broker.bootstrap, "--topic", topic);
    assert.strictEqual(produce.status, 0, produce.stderr);
    assert.match(
      produce.stderr,
      new RegExp(
        `^model-monitor produce: ${FIRST_LINES} sent \\(\\d+ records/s\\), 0 failed, 0 unreadable lines in `,
      ),
    );
    const written = (await readTopics(broker.brokers, [topic])).sort((a, b) =>
      Number(a.timestamp) === Number(b.timestamp)
        ? a.value.localeCompare(b.value)
        : Number(a.timestamp) - Number(b.timestamp),
    );
    const expected = [...lines].sort((a, b) =>
      a.ts === b.ts ? a.payload.localeCompare(b.payload) : a.ts - b.ts,
    );
    assert.deepStrictEqual(
      written.map((r) => ({
        timestamp: Number(r.timestamp),
        value: r.value,
        ceId: r.headers.ce_id,
        key: r.key,
      })),
      expected.map((line) => {
        const ceId = line.headers[line.headers.indexOf("ce_id") + 1];
        return { timestamp: line.ts, value: line.payload, ceId, key: ceId };
      }),
    );
  });

  it("run --max-records: reads that many records, writes their windows and ends with exit 0", () => {
    const outDir = path.join(temporaryDir(), "out");
    const run = modelMonitor(
      "run",
      kafkaSpec(broker, topic),
      "--out",
      outDir,
      "--max-records",
      String(FIRST_LINES),
    );
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stderr, /^model-monitor: direct run of flight-delay finished in /);
    assert.deepStrictEqual(distanceCounts(outDir), expectedDistanceCounts(lines));
  });

  it("run --until-idle: ends once no record came for that long, every record read", () => {
    const outDir = path.join(temporaryDir(), "out");
    const run = modelMonitor("run", kafkaSpec(broker, topic), "--out", outDir, "--until-idle", "2s");
    assert.strictEqual(run.status, 0, run.stderr);
    assert.deepStrictEqual(distanceCounts(outDir), expectedDistanceCounts(lines));
  });

  it("startFrom latest: a new group reads only what is produced after it joined", async () => {
    // The job ends after 5 records; records of one instance each, on 2026-01-05, keep coming every 200 ms
    // until it does (when the group's offsets are first resolved is the job's business, not the test's).
    const outDir = path.join(temporaryDir(), "out");
    const spec = kafkaSpec(broker, topic, { startFrom: "latest", maxRecords: "5" });
    const job = spawn(process.execPath, [CLI, "run", spec, "--out", outDir]);
    const stderr: Buffer[] = [];
    job.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const exited = new Promise<number | null>((resolve) => job.on("close", resolve));
    const producer = kafkaClient(broker.brokers, "test-producer").producer();
    await producer.connect();
    const january5 = Date.parse("2026-01-05T00:00:00Z");
    const sent = { count: 0 };
    const status = { code: undefined as number | null | undefined };
    void exited.then((code) => (status.code = code));
    try {
      await waitForValue(
        "the job to end after 5 records produced after it joined",
        async () => {
          if (status.code !== undefined) return true;
          const ceId = `new-${sent.count}`;
          await producer.send({
            topic,
            messages: [
              {
                key: ceId,
                value: '{"instances":[[1055,1,-6,"LAS","DFW"]]}',
                timestamp: String(january5 + sent.count * 100),
                headers: {
                  ce_id: ceId,
                  ce_type: "org.kubeflow.serving.inference.request",
                  ce_specversion: "1.0",
                  ce_source: "test",
                  ce_time: new Date(january5 + sent.count * 100).toISOString(),
                },
              },
            ],
          });
          sent.count += 1;
          return undefined;
        },
        { deadlineMs: 120_000, pollMs: 200 },
      );
    } finally {
      await producer.disconnect();
      if (status.code === undefined) job.kill();
    }
    assert.strictEqual(status.code, 0, Buffer.concat(stderr).toString());
    // Only January 5's records, none of the 40 from January 1 that were on the topic before.
    assert.deepStrictEqual(distanceCounts(outDir), { "2026-01-05T00:00:00.000Z": 5 });
  });

  it("logger: takes a KServe CloudEvent over HTTP into the topic, and stops on SIGTERM with exit 0", async () => {
    const loggerTopic = uniqueName("logged");
    await broker.createTopic(loggerTopic, 1);
    const logger = spawn(process.execPath, [
      CLI,
      "logger",
      "--brokers",
      broker.bootstrap,
      "--topic",
      loggerTopic,
      "--port",
      "0",
      "--host",
      "127.0.0.1",
    ]);
    const stderr: Buffer[] = [];
    logger.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const exited = new Promise<number | null>((resolve) => logger.on("close", resolve));
    try {
      const url = await waitForValue("the logger to say where it listens", () =>
        Buffer.concat(stderr)
          .toString()
          .match(/^model-monitor logger: listening on (\S+), writing to topic /m)
          ?.at(1),
      );
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "ce-id": "req-1",
          "ce-type": "org.kubeflow.serving.inference.request",
          "ce-specversion": "1.0",
          "ce-source": "http://model/",
          "ce-time": "2026-01-01T00:00:03.458Z",
          "content-type": "application/json",
        },
        body: '{"instances":[[1055,1,-6,"LAS","DFW"]]}',
      });
      assert.strictEqual(response.status < 300, true, `logger answered ${response.status}`);
      const [record] = await readTopics(broker.brokers, [loggerTopic]);
      assert.deepStrictEqual(
        {
          value: record.value,
          timestamp: record.timestamp,
          ceId: record.headers.ce_id,
          ceType: record.headers.ce_type,
        },
        {
          value: '{"instances":[[1055,1,-6,"LAS","DFW"]]}',
          timestamp: String(Date.parse("2026-01-01T00:00:03.458Z")),
          ceId: "req-1",
          ceType: "org.kubeflow.serving.inference.request",
        },
      );
    } finally {
      logger.kill("SIGTERM");
    }
    const code = await waitForValue("the logger to exit after SIGTERM", () =>
      Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100))]),
    );
    assert.strictEqual(code, 0, Buffer.concat(stderr).toString());
    assert.match(Buffer.concat(stderr).toString(), /model-monitor logger: SIGTERM: stopped; /);
  });
});
