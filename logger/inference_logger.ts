import * as http from "http";
import * as https from "https";
import type { AddressInfo } from "net";
import type { Producer } from "kafkajs";
import {
  type KafkaConnection,
  brokerList,
  kafkaClient,
  unreachableBrokers,
} from "../transforms/io/kafka/kafka_client";
import { redactSecrets } from "../transforms/io/kafka/kafka_security";
import { BodyBudget } from "./body_budget";
import { MalformedCloudEvent, cloudEventRecord } from "./cloud_event_record";
import { type LoggerAuth, type LoggerTls, authorized } from "./logger_auth";
import { LoggerMetrics, REQUEST_OUTCOMES, type RequestOutcome } from "./logger_metrics";
import { readBody } from "./request_body";

/** How long a client may take; past it the connection is closed (Node answers 408 where it still can). */
export interface LoggerTimeouts {
  /** From connecting to the end of the request headers (also the TLS handshake): what a slowloris holds. */
  headersMs: number;
  /** From connecting to the end of the body: a slow body holds its slot and budget at most this long. */
  requestMs: number;
  /** A kept-alive connection with no request, or a socket with no traffic at all. */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: LoggerTimeouts = { headersMs: 10_000, requestMs: 30_000, idleMs: 5_000 };

export interface InferenceLoggerOptions {
  connection: KafkaConnection;
  topic: string;
  /** 0: any free port (see `url`). */
  port: number;
  /** Where to listen; loopback unless told otherwise. */
  host?: string;
  /** Requests being read or written at once; more are answered 429 at once instead of queued in memory. */
  maxInFlight: number;
  /** Larger bodies are answered 413 without being read. */
  maxBodyBytes: number;
  /** Body bytes held at once across all requests (BodyBudget); beyond it 503. */
  maxBufferedBytes: number;
  /** Open connections at once; more are refused by the server. */
  maxConnections: number;
  timeouts?: LoggerTimeouts;
  /** Bearer tokens a request must carry one of; absent: no token asked. */
  auth?: LoggerAuth;
  /** Serve HTTPS (and with `clientCa`, ask for client certificates: mutual TLS). */
  tls?: LoggerTls;
  log: (line: string) => void;
}

/** What the logger has answered since it started (see REQUEST_OUTCOMES), and what it is working on. */
export type InferenceLoggerCounters = Record<RequestOutcome, number> & { inFlight: number };

/** Kafka write attempts per event before answering 503; the sender's own retries take over from there. */
const PRODUCE_RETRIES = 2;
/** Seconds a 429 or 503 asks the sender to wait before retrying. */
const RETRY_AFTER_SECONDS = 1;
/** How long a connection refused mid-body lingers after the answer, so the client reads it before the close. */
const LINGER_MS = 1_000;

/**
 * The HTTP service a KServe InferenceService's `logger.url` points at: each
 * inference-logger CloudEvent (binary or structured mode) becomes one Kafka
 * record — attributes as `ce_*` headers, timestamp = the event's time, key =
 * its id — and is answered 202 only once the brokers acknowledged it (acks =
 * all, idempotent producer: a retried write is never stored twice), so a
 * sender that got 202 can forget the event. 400 says why an event is
 * malformed, 401 that the bearer token is missing or wrong, 413 that the body
 * is over the limit, 503 that Kafka is unavailable or the body budget full,
 * and 429 that the logger is at its in-flight limit (both: retry later).
 * `GET /healthz` answers while the process serves (no token needed);
 * `GET /metrics` gives Prometheus metrics.
 *
 * Under abuse: a body over the limit is refused from its Content-Length or
 * first chunk past it and never read further; memory for bodies is bounded
 * by the budget; headers, bodies and idle connections have timeouts; structured
 * events nested too deep are refused before parsing (cloud_event_record.ts).
 */
export class InferenceLogger {
  private readonly counters: InferenceLoggerCounters = {
    ...(Object.fromEntries(REQUEST_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
      RequestOutcome,
      number
    >),
    inFlight: 0,
  };
  private readonly metrics = new LoggerMetrics();
  private readonly budget: BodyBudget;
  private kafkaAvailable = true;

  private constructor(
    private readonly options: InferenceLoggerOptions,
    private readonly producer: Producer,
    private readonly server: http.Server,
  ) {
    this.budget = new BodyBudget(options.maxBufferedBytes);
  }

  /** Connects to Kafka (failing within seconds, saying what to check, when it cannot) and starts listening. */
  static async start(options: InferenceLoggerOptions): Promise<InferenceLogger> {
    const producer = kafkaClient(options.connection, "model-monitor-logger").producer({
      idempotent: true,
      retry: { initialRetryTime: 100, retries: PRODUCE_RETRIES },
    });
    try {
      await producer.connect();
    } catch (error) {
      throw unreachableBrokers(options.connection.brokers, `write topic ${options.topic}`, error);
    }
    const server = createServer(options);
    const logger = new InferenceLogger(options, producer, server);
    server.on("request", (request, response) => logger.serve(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host ?? "127.0.0.1", resolve);
    });
    return logger;
  }

  /** Where the logger listens, e.g. `http://127.0.0.1:8080`. */
  get url(): string {
    const { address, port, family } = this.server.address() as AddressInfo;
    const scheme = this.options.tls === undefined ? "http" : "https";
    return `${scheme}://${family === "IPv6" ? `[${address}]` : address}:${port}`;
  }

  snapshot(): InferenceLoggerCounters {
    return { ...this.counters };
  }

  /** Stops taking requests, lets those in flight finish, and disconnects from Kafka. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
    await this.producer.disconnect();
  }

  private count(outcome: RequestOutcome): void {
    this.counters[outcome]++;
    this.metrics.count(outcome);
  }

  private serve(request: http.IncomingMessage, response: http.ServerResponse): void {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method === "GET" && path === "/healthz") return reply(response, 200, { status: "serving" });
    if (!authorized(request, this.options.auth)) {
      this.count("unauthorized");
      response.setHeader("www-authenticate", 'Bearer realm="model-monitor logger"');
      return replyAndClose(request, response, 401, { error: "a valid bearer token is required" });
    }
    if (request.method === "GET" && path === "/metrics") {
      this.serveMetrics(response);
      return;
    }
    if (request.method !== "POST") {
      this.count("rejected");
      response.setHeader("allow", "POST");
      return replyAndClose(request, response, 405, {
        error: `${request.method} ${path}: post CloudEvents; GET /healthz and /metrics`,
      });
    }
    if (this.counters.inFlight >= this.options.maxInFlight) {
      this.count("overloaded");
      response.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
      // The body is never read: backpressure costs no memory and no time.
      return replyAndClose(request, response, 429, {
        error: `${this.options.maxInFlight} requests in flight; retry later`,
      });
    }
    this.counters.inFlight++;
    this.metrics.inFlight.inc();
    this.logEvent(request, response)
      .catch(() => {
        // Kafka failures are answered inside; what lands here is a connection that ended before its body.
        this.count("aborted");
        if (!response.headersSent && !response.destroyed)
          reply(response, 400, { error: "the body did not arrive" });
      })
      .finally(() => {
        this.counters.inFlight--;
        this.metrics.inFlight.dec();
      });
  }

  private serveMetrics(response: http.ServerResponse): void {
    this.metrics.bufferedBytes.set(this.budget.heldBytes);
    this.metrics.registry.metrics().then((text) => {
      response.writeHead(200, { "content-type": this.metrics.registry.contentType });
      response.end(text);
    });
  }

  private async logEvent(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const receivedAtMs = Date.now();
    const read = await readBody(request, this.options.maxBodyBytes, this.budget);
    if (read.kind === "too-large") {
      this.count("rejected");
      return replyAndClose(request, response, 413, {
        error: `the body is larger than ${this.options.maxBodyBytes} bytes`,
      });
    }
    if (read.kind === "over-budget") {
      this.count("overloaded");
      response.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
      return replyAndClose(request, response, 503, {
        error: `the logger holds ${this.options.maxBufferedBytes} bytes of bodies already; retry later`,
      });
    }
    try {
      await this.writeEvent(request, response, read.body, receivedAtMs);
    } finally {
      read.release();
    }
  }

  private async writeEvent(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    body: Buffer,
    receivedAtMs: number,
  ): Promise<void> {
    let record;
    try {
      record = cloudEventRecord(request.headers, body, receivedAtMs);
    } catch (error) {
      if (!(error instanceof MalformedCloudEvent)) throw error;
      this.count("rejected");
      return reply(response, 400, { error: error.message });
    }
    try {
      const [written] = await this.producer.send({
        topic: this.options.topic,
        acks: -1,
        messages: [
          {
            key: record.key,
            value: record.value,
            headers: record.headers,
            timestamp: String(record.timestampMs),
          },
        ],
      });
      this.kafkaIs(true);
      this.count("accepted");
      reply(response, 202, {
        topic: written.topicName,
        partition: written.partition,
        offset: written.baseOffset,
      });
    } catch (error) {
      const reason = redactSecrets((error as Error).message);
      this.kafkaIs(false, reason);
      this.count("failed");
      response.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
      reply(response, 503, { error: `Kafka did not take the event: ${reason}; retry later` });
    }
  }

  /** Logs when Kafka becomes unavailable and when it is back, not every failed event. */
  private kafkaIs(available: boolean, reason?: string): void {
    if (available === this.kafkaAvailable) return;
    this.kafkaAvailable = available;
    this.metrics.kafkaAvailable.set(available ? 1 : 0);
    const where = `topic ${this.options.topic} at ${brokerList(this.options.connection.brokers).join(",")}`;
    this.options.log(
      available
        ? `model-monitor logger: Kafka takes events again (${where})`
        : `model-monitor logger: Kafka unavailable (${where}): ${reason}; answering 503 until it is back`,
    );
  }
}

/** An HTTP or HTTPS server with the logger's timeouts and connection limit. */
function createServer(options: InferenceLoggerOptions): http.Server {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const serverOptions: http.ServerOptions = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.idleMs,
    // Node checks the two timeouts above every 30 s by default: a slow client would hold on up to 30 s longer.
    connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
  };
  const server =
    options.tls === undefined
      ? http.createServer(serverOptions)
      : https.createServer({
          ...serverOptions,
          key: options.tls.key,
          cert: options.tls.cert,
          handshakeTimeout: timeouts.headersMs,
          ...(options.tls.clientCa === undefined
            ? {}
            : { ca: options.tls.clientCa, requestCert: true, rejectUnauthorized: true }),
        });
  server.maxConnections = options.maxConnections;
  // A socket silent this long (no headers, no body bytes) is closed whatever state its request is in.
  server.setTimeout(Math.max(timeouts.idleMs, timeouts.headersMs), (socket) => socket.destroy());
  return server;
}

function reply(response: http.ServerResponse, status: number, body: object): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body) + "\n");
}

/**
 * Answers without reading the rest of the body, then closes the connection:
 * the client gets the answer (the connection lingers LINGER_MS, paused, so
 * unread bytes neither reset it at once nor reach memory) and cannot send
 * the rest on it.
 */
function replyAndClose(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  status: number,
  body: object,
): void {
  request.pause();
  response.setHeader("connection", "close");
  response.on("finish", () => {
    const socket = request.socket;
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
  reply(response, status, body);
}
