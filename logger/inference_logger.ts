import * as http from "http";
import type { AddressInfo } from "net";
import type { Producer } from "kafkajs";
import {
  type KafkaConnection,
  brokerList,
  kafkaClient,
  unreachableBrokers,
} from "../transforms/io/kafka/kafka_client";
import { redactSecrets } from "../transforms/io/kafka/kafka_security";
import { MalformedCloudEvent, cloudEventRecord } from "./cloud_event_record";

export interface InferenceLoggerOptions {
  connection: KafkaConnection;
  topic: string;
  /** 0: any free port (see `url`). */
  port: number;
  host?: string;
  /** Requests being read or written at once; more are answered 429 at once instead of queued in memory. */
  maxInFlight: number;
  /** Larger bodies are answered 413. */
  maxBodyBytes: number;
  log: (line: string) => void;
}

/** What the logger has answered since it started, and what it is working on. */
export interface InferenceLoggerCounters {
  /** Written to Kafka and acknowledged (202). */
  accepted: number;
  /** Not a CloudEvent this logger takes (400, 413) or not a request it serves (405). */
  rejected: number;
  /** Kafka did not take the event (503: the sender should retry). */
  failed: number;
  /** Turned away because maxInFlight requests were in progress (429: the sender should retry). */
  overloaded: number;
  inFlight: number;
}

/** Kafka write attempts per event before answering 503; the sender's own retries take over from there. */
const PRODUCE_RETRIES = 2;
/** Seconds a 429 or 503 asks the sender to wait before retrying. */
const RETRY_AFTER_SECONDS = 1;

/**
 * The HTTP service a KServe InferenceService's `logger.url` points at: each
 * inference-logger CloudEvent (binary or structured mode) becomes one Kafka
 * record — attributes as `ce_*` headers, timestamp = the event's time, key =
 * its id — and is answered 202 only once the brokers acknowledged it (acks =
 * all), so a sender that got 202 can forget the event. 400 says why an event
 * is malformed, 503 that Kafka is unavailable and 429 that the logger is at
 * its in-flight limit (both: retry later). `GET /healthz` answers while the
 * process serves; `GET /metrics` gives the counters as JSON.
 */
export class InferenceLogger {
  private readonly counters: InferenceLoggerCounters = {
    accepted: 0,
    rejected: 0,
    failed: 0,
    overloaded: 0,
    inFlight: 0,
  };
  private kafkaAvailable = true;

  private constructor(
    private readonly options: InferenceLoggerOptions,
    private readonly producer: Producer,
    private readonly server: http.Server,
  ) {}

  /** Connects to Kafka (failing within seconds, saying what to check, when it cannot) and starts listening. */
  static async start(options: InferenceLoggerOptions): Promise<InferenceLogger> {
    const producer = kafkaClient(options.connection, "model-monitor-logger").producer({
      retry: { initialRetryTime: 100, retries: PRODUCE_RETRIES },
    });
    try {
      await producer.connect();
    } catch (error) {
      throw unreachableBrokers(options.connection.brokers, `write topic ${options.topic}`, error);
    }
    const server = http.createServer();
    const logger = new InferenceLogger(options, producer, server);
    server.on("request", (request, response) => logger.serve(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, resolve);
    });
    return logger;
  }

  /** Where the logger listens, e.g. `http://127.0.0.1:8080`. */
  get url(): string {
    const { address, port, family } = this.server.address() as AddressInfo;
    return `http://${family === "IPv6" ? `[${address}]` : address}:${port}`;
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

  private serve(request: http.IncomingMessage, response: http.ServerResponse): void {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method === "GET" && path === "/healthz") return reply(response, 200, { status: "serving" });
    if (request.method === "GET" && path === "/metrics") return reply(response, 200, this.snapshot());
    if (request.method !== "POST") {
      this.counters.rejected++;
      response.setHeader("allow", "POST");
      request.resume();
      return reply(response, 405, {
        error: `${request.method} ${path}: post CloudEvents; GET /healthz and /metrics`,
      });
    }
    if (this.counters.inFlight >= this.options.maxInFlight) {
      this.counters.overloaded++;
      response.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
      // The body is read and discarded, never held: backpressure costs no memory.
      request.resume();
      return reply(response, 429, { error: `${this.options.maxInFlight} requests in flight; retry later` });
    }
    this.counters.inFlight++;
    this.logEvent(request, response)
      .catch((error: Error) => {
        // Kafka failures are answered inside; what lands here is a body that could not be read.
        this.counters.rejected++;
        reply(response, 400, { error: `cannot read the request: ${error.message}` });
      })
      .finally(() => this.counters.inFlight--);
  }

  private async logEvent(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const receivedAtMs = Date.now();
    const body = await readBody(request, this.options.maxBodyBytes);
    if (body === undefined) {
      this.counters.rejected++;
      return reply(response, 413, { error: `the body is larger than ${this.options.maxBodyBytes} bytes` });
    }
    let record;
    try {
      record = cloudEventRecord(request.headers, body, receivedAtMs);
    } catch (error) {
      if (!(error instanceof MalformedCloudEvent)) throw error;
      this.counters.rejected++;
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
      this.counters.accepted++;
      reply(response, 202, {
        topic: written.topicName,
        partition: written.partition,
        offset: written.baseOffset,
      });
    } catch (error) {
      const reason = redactSecrets((error as Error).message);
      this.kafkaIs(false, reason);
      this.counters.failed++;
      response.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
      reply(response, 503, { error: `Kafka did not take the event: ${reason}; retry later` });
    }
  }

  /** Logs when Kafka becomes unavailable and when it is back, not every failed event. */
  private kafkaIs(available: boolean, reason?: string): void {
    if (available === this.kafkaAvailable) return;
    this.kafkaAvailable = available;
    const where = `topic ${this.options.topic} at ${brokerList(this.options.connection.brokers).join(",")}`;
    this.options.log(
      available
        ? `model-monitor logger: Kafka takes events again (${where})`
        : `model-monitor logger: Kafka unavailable (${where}): ${reason}; answering 503 until it is back`,
    );
  }
}

/** The request body, or undefined (and the rest discarded) once it exceeds `maxBytes`. */
function readBody(request: http.IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on("end", () => resolve(bytes <= maxBytes ? Buffer.concat(chunks) : undefined));
    request.on("error", reject);
  });
}

function reply(response: http.ServerResponse, status: number, body: object): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body) + "\n");
}
