/** A feature's value in one instance: numbers for numerical features, strings for categorical ones, null when missing. */
export type FeatureValue = number | string | null;

/** Which half of an inference exchange a record came from. */
export type ExchangePart = "request" | "response" | "both";

/**
 * One model instance (one row of a request), the unit every statistic,
 * outlier check and drift metric counts.
 *
 * A request event carries the features; the matching response event (same
 * requestId, same instance index) carries the prediction. Formats that log both
 * in one event give `part: "both"`.
 */
export interface InferenceRecord {
  requestId: string;
  /** Position of this instance within its request (0-based). */
  instance: number;
  model: string;
  eventTimeMs: number;
  part: ExchangePart;
  /** Every feature named in the spec, null when absent; empty for a response. */
  features: Record<string, FeatureValue>;
  prediction?: FeatureValue;
}

/** Where a raw event came from, so that a dead letter can say exactly where. */
export type EventOrigin =
  { file: string; line: number } | { topic: string; partition: number; offset: string };

/**
 * Why input became a dead letter: a short, fixed code (bounded cardinality, so
 * it can label a metric), with the specifics in `detail`.
 *
 * - bad-json: a recorded line, message body or CloudEvent data is not JSON.
 * - bad-envelope: a kcat record or structured CloudEvent whose payload / data,
 *   headers, timestamp or attributes cannot be used.
 * - unknown-event-type: a CloudEvent or seed type that is neither request nor response.
 * - bad-shape: the body is not its format's shape (not an object; no or empty
 *   instances, predictions, inputs or outputs; a tensor whose data does not fill
 *   its shape), or one instance's categorical value is a list or object.
 * - non-numeric-value: one instance's numerical value is not a finite number.
 * - missing-timestamp: no record timestamp, own time or event-time field.
 * - bad-timestamp: an event time that is not a time.
 * - line-too-long: a recorded-log line longer than a file source reads whole
 *   (transforms/io/read_lines.ts); `raw` holds only its first bytes.
 */
export type DeadLetterReason =
  | "bad-json"
  | "bad-envelope"
  | "unknown-event-type"
  | "bad-shape"
  | "non-numeric-value"
  | "missing-timestamp"
  | "bad-timestamp"
  | "future-timestamp"
  | "line-too-long";

/** Input that could not be turned into records: kept, with the reason, never dropped. */
export interface DeadLetter {
  kind: "deadletter";
  reason: DeadLetterReason;
  /** What exactly was wrong and where inside the event (field, instance). */
  detail: string;
  source: EventOrigin;
  raw: string;
  emittedAt: string;
}
