import type { EventOrigin } from "./inference_record";

/** An id as the request id: a non-empty string, or a number as its text; undefined for anything else. */
export function idText(value: unknown): string | undefined {
  if (typeof value === "string" && value.length > 0) return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The request id of an event that carries none: where it came from
 * ("log.jsonl:17", "inference-log/0/4242"), unique per event, so its
 * instances (told apart by their index) never merge with another event's.
 */
export function originId(origin: EventOrigin): string {
  return "file" in origin
    ? `${origin.file}:${origin.line}`
    : `${origin.topic}/${origin.partition}/${origin.offset}`;
}
