import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

/** How a request to the logger ended; the `outcome` label of model_monitor_logger_requests_total. */
export const REQUEST_OUTCOMES = [
  /** Written to Kafka and acknowledged (202). */
  "accepted",
  /** Not a CloudEvent this logger takes (400), too large (413) or not a request it serves (405). */
  "rejected",
  /** Kafka did not take the event (503: retry). */
  "failed",
  /** Turned away for capacity: the in-flight limit (429) or the body budget (503); retry. */
  "overloaded",
  /** No or a wrong bearer token (401). */
  "unauthorized",
  /** The connection closed or timed out before the body ended. */
  "aborted",
] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

/**
 * The logger's Prometheus metrics (`GET /metrics`, text format): requests by
 * outcome, requests in flight, body bytes held against the budget, whether
 * Kafka takes events, and Node's process metrics (resident memory, event-loop
 * lag) — what an operator alerts on.
 */
export class LoggerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: "model_monitor_logger_requests_total",
    help: "Requests to the inference logger by how they ended.",
    labelNames: ["outcome"],
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: "model_monitor_logger_requests_in_flight",
    help: "Event requests being read or written to Kafka.",
    registers: [this.registry],
  });
  readonly bufferedBytes = new Gauge({
    name: "model_monitor_logger_buffered_body_bytes",
    help: "Request body bytes held in memory, against the --max-buffered-bytes budget.",
    registers: [this.registry],
  });
  readonly kafkaAvailable = new Gauge({
    name: "model_monitor_logger_kafka_available",
    help: "1 while Kafka acknowledges events, 0 after a write failed (until one succeeds).",
    registers: [this.registry],
  });

  constructor() {
    for (const outcome of REQUEST_OUTCOMES) this.requests.inc({ outcome }, 0);
    this.kafkaAvailable.set(1);
    collectDefaultMetrics({ register: this.registry });
  }

  count(outcome: RequestOutcome): void {
    this.requests.inc({ outcome });
  }
}
