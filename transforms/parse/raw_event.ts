import type { EventOrigin } from "./inference_record";

/**
 * One inference-log event before its format is decoded: a Kafka record, or
 * one line of a recorded log. Sources produce these; `parseEvent` turns them
 * into records and dead letters.
 */
export interface RawEvent {
  /** The message body as text (a Kafka record's value, or a recorded line's body). */
  value: string;
  /** Record headers by name (Kafka headers, HTTP headers); empty for a bare recorded body. */
  headers: Record<string, string>;
  /** The Kafka record timestamp in epoch ms; absent when the record has none (Kafka's -1) or for a bare recorded body. */
  timestampMs?: number;
  origin: EventOrigin;
}
