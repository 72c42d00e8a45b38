import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { InferenceLogger, type InferenceLoggerOptions } from "../../logger/inference_logger";
import { waitFor, withDeadline } from "../support/deadline";
import { type KafkaBroker, sharedKafkaBroker } from "../support/kafka_broker";
import { readTopics } from "../support/kafka_topics";
import { uniqueName } from "../support/unique_name";

const KIB = 1024;
const MIB = 1024 * KIB;
const EVENT_HEADERS = {
  "ce-specversion": "1.0",
  "ce-id": "r1",
  "ce-source": "http://model/",
  "ce-type": "org.kubeflow.serving.inference.request",
  "content-type": "application/json",
};
const EVENT_BODY = '{"instances":[[1]]}';

interface Answer {
  status: number;
  body: string;
  /** Bytes the client had written of the body when the answer came. */
  bytesSentBefore: number;
}

/** A TLS client's settings for requests to an HTTPS logger. */
type ClientTls = Pick<https.RequestOptions, "ca" | "cert" | "key">;

/** One request with Node's client, so that the body can be streamed, slowed or cut short. */
function send(
  url: string,
  options: {
    /** Headers added to (or replacing) EVENT_HEADERS, or with `structured`, to a structured event's content type. */
    headers?: Record<string, string>;
    structured?: boolean;
    body?: string;
    tls?: ClientTls;
    method?: string;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const client = options.tls === undefined ? http : https;
    const request = client.request(url, {
      method: options.method ?? "POST",
      headers: {
        ...(options.structured ? { "content-type": "application/cloudevents+json" } : EVENT_HEADERS),
        ...options.headers,
      },
      ...options.tls,
    });
    request.on("response", (response) => {
      const parts: string[] = [];
      response.setEncoding("utf8");
      response.on("data", (part: string) => parts.push(part));
      response.on("end", () =>
        resolve({ status: response.statusCode!, body: parts.join(""), bytesSentBefore: 0 }),
      );
    });
    request.on("error", reject);
    request.end(options.body ?? EVENT_BODY);
  });
}

/**
 * Streams 1 MiB chunks without a Content-Length (chunked) until the logger
 * answers or `maxBytes` went out; says how many bytes had gone out then.
 */
function streamUntilAnswered(url: string, maxBytes: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: EVENT_HEADERS });
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(MIB, "x");
    const pump = () => {
      while (!answered && sent < maxBytes) {
        sent += chunk.length;
        if (!request.write(chunk)) return request.once("drain", pump);
      }
      if (!answered) request.end();
    };
    request.on("response", (response) => {
      answered = true;
      const bytesSentBefore = sent;
      const parts: string[] = [];
      response.setEncoding("utf8");
      response.on("data", (part: string) => parts.push(part));
      response.on("end", () =>
        resolve({ status: response.statusCode!, body: parts.join(""), bytesSentBefore }),
      );
    });
    // After the answer the logger closes the connection: writes then fail, which is expected.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    pump();
  });
}

/** Resolves when the server closes the socket; the socket is fed by `feed` until then. */
function closedBy(socket: net.Socket): Promise<number> {
  const openedMs = Date.now();
  return new Promise((resolve) => {
    socket.on("close", () => resolve(Date.now() - openedMs));
    socket.on("error", () => {});
  });
}

const openssl = (dir: string, ...args: string[]) =>
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl in `dir`. */
function makeCertificates(dir: string) {
  openssl(
    dir,
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=test-ca",
  );
  fs.writeFileSync(path.join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
  for (const [name, extra] of [
    ["server", ["-extfile", "san.ext"]],
    ["client", []],
  ] as const) {
    openssl(
      dir,
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${name}`,
    );
    openssl(
      dir,
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.pem`,
      "-days",
      "2",
      ...extra,
    );
  }
  const read = (file: string) => fs.readFileSync(path.join(dir, file));
  return {
    ca: read("ca.pem"),
    server: { cert: read("server.pem"), key: read("server.key") },
    client: { cert: read("client.pem"), key: read("client.key") },
  };
}

describe("the inference logger under abuse (real broker)", function () {
  this.timeout(60_000);
  let broker: KafkaBroker;
  let topic: string;
  let logger: InferenceLogger | undefined;

  const start = async (options: Partial<InferenceLoggerOptions> = {}) => {
    logger = await InferenceLogger.start({
      connection: { brokers: broker.bootstrap },
      topic,
      port: 0,
      maxInFlight: 16,
      maxBodyBytes: MIB,
      maxBufferedBytes: 4 * MIB,
      maxConnections: 1024,
      timeouts: { headersMs: 1_000, requestMs: 2_000, idleMs: 1_000 },
      log: () => {},
      ...options,
    });
    return logger;
  };

  beforeEach(async () => {
    broker = await sharedKafkaBroker();
    topic = uniqueName("logger-abuse");
    await broker.createTopic(topic, 1);
  });
  afterEach(async () => {
    await logger?.close();
    logger = undefined;
  });

  it("listens on loopback unless told otherwise", async () => {
    const { url } = await start();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers 413 to a body over the limit without reading it all, and closes the connection", async () => {
    const { url } = await start();
    // Declared too large: answered from the headers alone.
    const declared = await new Promise<number>((resolve, reject) => {
      const request = http.request(url, {
        method: "POST",
        headers: { ...EVENT_HEADERS, "content-length": String(100 * MIB) },
      });
      request.on("response", (response) => resolve(response.statusCode!));
      request.on("error", reject);
      request.write("{");
    });
    assert.strictEqual(declared, 413);
    // Chunked, no length: refused at the first chunk past 1 MiB; the 64 MiB sender is stopped long before its end.
    const streamed = await withDeadline(
      streamUntilAnswered(url, 64 * MIB),
      20_000,
      "no answer to a 64 MiB body",
    );
    assert.strictEqual(streamed.status, 413);
    assert.deepStrictEqual(JSON.parse(streamed.body), { error: `the body is larger than ${MIB} bytes` });
    // What went out before the answer: the limit plus what socket buffers on both sides hold, far from 64 MiB.
    assert.ok(
      streamed.bytesSentBefore <= 16 * MIB,
      `sent ${streamed.bytesSentBefore} bytes before the answer`,
    );
    assert.deepStrictEqual(
      { rejected: logger!.snapshot().rejected, inFlight: logger!.snapshot().inFlight },
      { rejected: 2, inFlight: 0 },
    );
  });

  it("closes a connection whose headers or body trickle in (slowloris), within the timeouts, and frees its slot", async () => {
    const { url } = await start();
    const { port } = new URL(url);
    // Headers one byte at a time, every 200 ms: never done within the 1 s headers timeout.
    const headers = net.connect(Number(port), "127.0.0.1");
    const headersClosed = closedBy(headers);
    const trickle = setInterval(() => headers.write("X"), 200);
    headers.write("POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    // A body of 19 bytes declared, one byte sent every 200 ms: not done within the 2 s request timeout.
    const body = net.connect(Number(port), "127.0.0.1");
    const bodyClosed = closedBy(body);
    const head = Object.entries(EVENT_HEADERS)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    body.write(`POST / HTTP/1.1\r\nHost: x\r\n${head}content-length: ${EVENT_BODY.length}\r\n\r\n`);
    let sent = 0;
    const bodyTrickle = setInterval(
      () => sent < EVENT_BODY.length - 1 && body.write(EVENT_BODY[sent++]),
      200,
    );
    try {
      const closedAfterMs = await withDeadline(
        Promise.all([headersClosed, bodyClosed]),
        10_000,
        "the logger kept a slow connection open",
      );
      const headersMs = closedAfterMs[0];
      const bodyMs = closedAfterMs[1];
      // Node checks the timeouts every second: closed between the timeout and a second later (+ slack for a busy machine).
      assert.ok(headersMs >= 1_000 && headersMs < 5_000, `headers connection closed after ${headersMs} ms`);
      assert.ok(bodyMs >= 2_000 && bodyMs < 6_000, `body connection closed after ${bodyMs} ms`);
    } finally {
      clearInterval(trickle);
      clearInterval(bodyTrickle);
    }
    await waitFor(() => logger!.snapshot().inFlight === 0, 5_000, "the slow body still holds its slot");
    assert.strictEqual(logger!.snapshot().aborted, 1);
    assert.strictEqual((await send(url)).status, 202);
  });

  it("answers 503 when bodies in progress would exceed the body budget, and takes events again after", async () => {
    // Bodies stay under Kafka's default 1 MiB record limit, so that the one within budget is written.
    const { url } = await start({
      maxBodyBytes: 768 * KIB,
      maxBufferedBytes: MIB,
      // The first request stays open while the second is refused: time enough on a busy machine.
      timeouts: { headersMs: 10_000, requestMs: 20_000, idleMs: 10_000 },
    });
    // Two bodies of 700 KiB declared, 600 KiB of each sent: the second does not fit beside the first.
    const holders = [0, 1].map(() =>
      http.request(url, {
        method: "POST",
        headers: { ...EVENT_HEADERS, "content-length": String(700 * KIB) },
      }),
    );
    const answers = holders.map(
      (request) =>
        new Promise<number>((resolve) => {
          request.on("response", (response) => resolve(response.statusCode!));
          request.on("error", () => {});
        }),
    );
    holders[0].write(Buffer.alloc(600 * KIB, " "));
    await waitFor(
      async () =>
        (await (await fetch(`${url}/metrics`)).text()).includes(`buffered_body_bytes ${600 * KIB}\n`),
      5_000,
      "the first body's 600 KiB never held",
    );
    holders[1].write(Buffer.alloc(600 * KIB, " "));
    assert.strictEqual(await withDeadline(answers[1], 10_000, "no answer to the body over budget"), 503);
    holders[0].end(
      Buffer.concat([Buffer.from(EVENT_BODY), Buffer.alloc(100 * KIB - EVENT_BODY.length, " ")]),
    );
    assert.strictEqual(await withDeadline(answers[0], 10_000, "no answer to the body within budget"), 202);
    assert.deepStrictEqual(
      { accepted: logger!.snapshot().accepted, overloaded: logger!.snapshot().overloaded },
      { accepted: 1, overloaded: 1 },
    );
  });

  it("asks for a bearer token: none or a wrong one is 401 and writes nothing; /healthz needs none", async () => {
    const { url } = await start({ auth: { bearerTokens: ["token-abc", "token-next"] } });
    assert.strictEqual((await send(url)).status, 401);
    assert.strictEqual((await send(url, { headers: { authorization: "Bearer token-abd" } })).status, 401);
    assert.strictEqual((await send(url, { headers: { authorization: "Basic token-abc" } })).status, 401);
    assert.strictEqual((await send(`${url}/metrics`, { method: "GET", body: "" })).status, 401);
    assert.strictEqual((await send(`${url}/healthz`, { method: "GET", body: "" })).status, 200);
    assert.strictEqual((await send(url, { headers: { authorization: "Bearer token-next" } })).status, 202);
    assert.deepStrictEqual(
      { unauthorized: logger!.snapshot().unauthorized, accepted: logger!.snapshot().accepted },
      { unauthorized: 4, accepted: 1 },
    );
    const written = await readTopics(broker.brokers, [topic]);
    assert.strictEqual(written.length, 1);
  });

  it("serves HTTPS, and with a client CA only to clients presenting a certificate it signed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logger-tls-"));
    const certificates = makeCertificates(dir);
    const { url } = await start({ tls: { ...certificates.server, clientCa: certificates.ca } });
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const withCertificate = await send(url, { tls: { ca: certificates.ca, ...certificates.client } });
    assert.strictEqual(withCertificate.status, 202, withCertificate.body);
    await assert.rejects(
      send(url, { tls: { ca: certificates.ca } }),
      /certificate|socket hang up|ECONNRESET/i,
    );
    await assert.rejects(send(url.replace("https:", "http:")), /socket hang up|ECONNRESET|parse/i);
  });

  it("refuses a structured event nested deeper than 64 levels before parsing it", async () => {
    const { url } = await start({ maxBodyBytes: 16 * MIB, maxBufferedBytes: 32 * MIB });
    const depth = 4 * MIB;
    const answer = await send(url, {
      structured: true,
      body: `{"specversion":"1.0","id":"d","source":"s","type":"t","data":${"[".repeat(depth)}${"]".repeat(depth)}}`,
    });
    assert.deepStrictEqual(
      [answer.status, JSON.parse(answer.body)],
      [400, { error: "the structured CloudEvent nests deeper than 64 levels" }],
    );
  });

  it("serves /metrics as Prometheus text with the requests by outcome", async () => {
    const { url } = await start();
    assert.strictEqual((await send(url)).status, 202);
    assert.strictEqual((await send(url, { body: "" })).status, 400);
    const metrics = await fetch(`${url}/metrics`);
    assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    for (const line of [
      'model_monitor_logger_requests_total{outcome="accepted"} 1',
      'model_monitor_logger_requests_total{outcome="rejected"} 1',
      'model_monitor_logger_requests_total{outcome="unauthorized"} 0',
      "model_monitor_logger_requests_in_flight 0",
      "model_monitor_logger_buffered_body_bytes 0",
      "model_monitor_logger_kafka_available 1",
    ])
      assert.ok(text.split("\n").includes(line), `no line "${line}" in:\n${text}`);
    assert.match(text, /^process_resident_memory_bytes \d+$/m);
  });
});
