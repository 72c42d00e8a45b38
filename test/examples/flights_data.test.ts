import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadSpec } from "../../pipelines/spec/load_spec";
import {
  LATE_EXCHANGE_SHARE,
  MAX_DELIVERY_DELAY_MS,
  MAX_INSTANCES_PER_REQUEST,
  MAX_LATENCY_MS,
  MIN_LATENCY_MS,
} from "../../examples/flights/inference_log";
import { writeFlightsExample } from "../../examples/flights/make_logs";
import { STREAM_EPOCH_MS } from "../../examples/flights/stream_clock";

const EXAMPLE_DIR = path.resolve(__dirname, "../../../examples/flights");
const REQUEST_TYPE = "org.kubeflow.serving.inference.request";
const RESPONSE_TYPE = "org.kubeflow.serving.inference.response";
const DAY_OF_STREAM_MS = 60_000;
const SERVING_DAYS = 28;

interface Envelope {
  offset: number;
  ts: number;
  headers: Record<string, string>;
  body: { instances?: unknown[][]; predictions?: unknown[] };
}

/** Checks one line is a `kcat -C -J` record of a binary-mode KServe CloudEvent, and reads it. */
function readEnvelope(line: string, index: number): Envelope {
  const record = JSON.parse(line);
  const where = `line ${index + 1}`;
  assert.deepStrictEqual(
    Object.keys(record),
    ["topic", "partition", "offset", "tstype", "ts", "broker", "headers", "key", "payload"],
    where,
  );
  assert.strictEqual(record.topic, "inference-log", where);
  assert.strictEqual(record.partition, 0, where);
  assert.strictEqual(record.offset, index, where);
  assert.strictEqual(record.tstype, "create", where);
  assert.strictEqual(record.broker, 0, where);
  assert.strictEqual(record.key, null, where);
  assert.ok(Number.isInteger(record.ts), where);
  assert.ok(Array.isArray(record.headers) && record.headers.length % 2 === 0, where);
  assert.ok(
    record.headers.every((h: unknown) => typeof h === "string"),
    where,
  );
  const headers: Record<string, string> = {};
  for (let i = 0; i < record.headers.length; i += 2) headers[record.headers[i]] = record.headers[i + 1];
  assert.match(headers.ce_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, where);
  assert.ok([REQUEST_TYPE, RESPONSE_TYPE].includes(headers.ce_type), where);
  assert.strictEqual(headers.ce_specversion, "1.0", where);
  assert.strictEqual(headers.ce_inferenceservicename, "flight-delay", where);
  assert.strictEqual(headers["content-type"], "application/json", where);
  assert.ok(headers.ce_source.length > 0, where);
  assert.strictEqual(Date.parse(headers.ce_time), record.ts, `${where}: ts is ce_time`);
  assert.strictEqual(typeof record.payload, "string", where);
  return { offset: record.offset, ts: record.ts, headers, body: JSON.parse(record.payload) };
}

function assertInstance(instance: unknown[], where: string) {
  // [distance, departure_hour, delay, origin, destination]; indexed, because ts-closure-transform
  // 0.1.8 drops all but the first name of an array-destructuring declaration.
  assert.strictEqual(instance.length, 5, where);
  assert.ok(typeof instance[0] === "number" && instance[0] > 0, where);
  assert.ok(
    Number.isInteger(instance[1]) && (instance[1] as number) >= 0 && (instance[1] as number) <= 23,
    where,
  );
  assert.ok(Number.isInteger(instance[2]), where);
  assert.match(String(instance[3]), /^[A-Z0-9]{3}$/, where);
  assert.match(String(instance[4]), /^[A-Z0-9]{3}$/, where);
}

describe("examples/flights data", () => {
  const logText = fs.readFileSync(path.join(EXAMPLE_DIR, "inference_log.jsonl"), "utf8");
  const csvText = fs.readFileSync(path.join(EXAMPLE_DIR, "training.csv"), "utf8");
  const envelopes = logText.trimEnd().split("\n").map(readEnvelope);
  const requests = envelopes.filter((e) => e.headers.ce_type === REQUEST_TYPE);
  const responses = envelopes.filter((e) => e.headers.ce_type === RESPONSE_TYPE);

  it("pairs each request with exactly one later response carrying one prediction per instance", () => {
    assert.strictEqual(requests.length, responses.length);
    const responseById = new Map(responses.map((r) => [r.headers.ce_id, r]));
    assert.strictEqual(responseById.size, responses.length, "response ce_ids are unique");
    assert.strictEqual(
      new Set(requests.map((r) => r.headers.ce_id)).size,
      requests.length,
      "request ce_ids are unique",
    );
    const batchSizes = new Set<number>();
    for (const request of requests) {
      const response = responseById.get(request.headers.ce_id);
      const where = `request at offset ${request.offset}`;
      assert.ok(response, `${where} has no response`);
      const instances = request.body.instances!;
      assert.ok(instances.length >= 1 && instances.length <= MAX_INSTANCES_PER_REQUEST, where);
      instances.forEach((instance) => assertInstance(instance, where));
      batchSizes.add(instances.length);
      assert.strictEqual(response.body.predictions!.length, instances.length, where);
      assert.ok(
        response.body.predictions!.every((p) => typeof p === "number"),
        where,
      );
      assert.ok(response.offset > request.offset, `${where}: response comes after the request`);
      const latencyMs = response.ts - request.ts;
      assert.ok(
        latencyMs >= MIN_LATENCY_MS && latencyMs <= MAX_LATENCY_MS,
        `${where}: latency ${latencyMs} ms`,
      );
    }
    assert.deepStrictEqual([...batchSizes].sort(), [1, 2, 3, 4]);
  });

  it("logs every February 2001 flight of the dataset once, inside the 28 compressed days", () => {
    // 5964 = flights dated 2001/02/.. in flights-20k.json (counted with Python's json module).
    assert.strictEqual(
      requests.reduce((n, r) => n + r.body.instances!.length, 0),
      5964,
    );
    for (const e of envelopes) {
      assert.ok(
        e.ts >= STREAM_EPOCH_MS && e.ts < STREAM_EPOCH_MS + SERVING_DAYS * DAY_OF_STREAM_MS + MAX_LATENCY_MS,
      );
    }
  });

  it("is in event-time order except for the late deliveries, which lag by at most the stated bound", () => {
    let newestMs = -Infinity;
    let lateRequests = 0;
    let largestLagMs = 0;
    for (const e of envelopes) {
      const lagMs = newestMs - e.ts;
      if (lagMs > 0 && e.headers.ce_type === REQUEST_TYPE) lateRequests += 1;
      largestLagMs = Math.max(largestLagMs, lagMs);
      newestMs = Math.max(newestMs, e.ts);
    }
    assert.ok(largestLagMs <= MAX_DELIVERY_DELAY_MS, `largest lag ${largestLagMs} ms`);
    // Each request is late with probability LATE_EXCHANGE_SHARE (3 %); over ~2400 requests the
    // binomial standard deviation is sqrt(0.03 * 0.97 / 2400) = 0.35 %, so ±1.5 % is over 4 sd.
    const lateShare = lateRequests / requests.length;
    assert.ok(Math.abs(lateShare - LATE_EXCHANGE_SHARE) <= 0.015, `late share ${lateShare}`);
    assert.ok(largestLagMs > 6_000, "some records lag behind the spec's 6 s watermark delay");
  });

  it("holds at least 100 instances in every window of the spec", () => {
    const spec = loadSpec(path.join(EXAMPLE_DIR, "monitor.yaml"));
    assert.strictEqual(spec.window.size, DAY_OF_STREAM_MS);
    const perWindow = new Array<number>(SERVING_DAYS).fill(0);
    for (const r of requests) {
      perWindow[Math.floor((r.ts - STREAM_EPOCH_MS) / spec.window.size)] += r.body.instances!.length;
    }
    assert.ok(Math.min(...perWindow) >= 100, perWindow.join(" "));
  });

  it("shows the measured drift: the last week's delays against January's", () => {
    const lastWeekDelays = requests
      .filter((r) => r.ts >= STREAM_EPOCH_MS + 21 * DAY_OF_STREAM_MS)
      .flatMap((r) => r.body.instances!.map((instance) => instance[2] as number));
    const januaryDelays = csvText
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((row) => Number(row.split(",")[2]));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Reference: Python's statistics.mean over the same files gives 17.619 (1498 instances) and 6.436 (6937 flights).
    assert.strictEqual(lastWeekDelays.length, 1498);
    assert.strictEqual(mean(lastWeekDelays).toFixed(3), "17.619");
    assert.strictEqual(mean(januaryDelays).toFixed(3), "6.436");
  });

  it("has a training CSV with the spec's features and the prediction as columns", () => {
    const spec = loadSpec(path.join(EXAMPLE_DIR, "monitor.yaml"));
    const lines = csvText.trimEnd().split("\n");
    const header = lines[0];
    const rows = lines.slice(1);
    assert.strictEqual(header, "distance,departure_hour,delay,origin,destination,predicted_delay");
    assert.deepStrictEqual(
      [...spec.features.map((f) => f.name), spec.prediction!.name],
      header.split(","),
      "the spec names the CSV's columns, features in instance-position order",
    );
    assert.deepStrictEqual(
      spec.features.map((f) => f.path),
      [0, 1, 2, 3, 4],
    );
    // 6937 = flights dated 2001/01/.. in flights-20k.json.
    assert.strictEqual(rows.length, 6937);
    for (const row of rows) {
      const cells = row.split(",");
      assert.strictEqual(cells.length, 6, row);
      assertInstance([Number(cells[0]), Number(cells[1]), Number(cells[2]), cells[3], cells[4]], row);
      assert.ok(Number.isFinite(Number(cells[5])), row);
    }
  });

  it("is exactly what make_logs writes, on every run", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flights-example-"));
    try {
      writeFlightsExample(dir);
      assert.ok(fs.readFileSync(path.join(dir, "training.csv"), "utf8") === csvText, "training.csv differs");
      assert.ok(
        fs.readFileSync(path.join(dir, "inference_log.jsonl"), "utf8") === logText,
        "inference_log.jsonl differs",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
