import { textOfBase64 } from "./base64_text";
import { describeValue, parseProblem } from "./dead_letter";
import type { EventOwnTime } from "./event_time";
import { epochMsOfIso8601 } from "./iso_8601";
import { isJsonObject, parseJsonText } from "./json_text";

/** A CloudEvent's context attributes by lower-case name: id, type, source, time, inferenceservicename, … */
export type CloudEventAttributes = Record<string, unknown>;

/** An event's inference body, and the CloudEvent attributes around it when it came as a CloudEvent. */
export interface EventContent {
  body: unknown;
  cloudEvent?: CloudEventAttributes;
}

/** `ce_id` (Kafka protocol binding) or `Ce-Id` (HTTP binding): a binary-mode attribute header. */
const ATTRIBUTE_HEADER = /^ce[-_](.+)$/i;

/**
 * Opens the CloudEvent that an inference-log event may be (CloudEvents 1.0):
 *
 * - Binary content mode, as KServe's logger sends it and Knative's Kafka sink
 *   stores it: attributes in headers `ce_<name>` / `ce-<name>` (any case), the
 *   parsed message body is the data.
 * - Structured content mode: the body is a JSON envelope `{specversion, id,
 *   type, source, time, datacontenttype, data | data_base64}`; `data` is the
 *   inference body, or a string of its JSON; `data_base64` is its JSON, base64.
 * - Otherwise the body is the inference body itself, without attributes.
 */
export function openCloudEvent(headers: Record<string, string>, body: unknown): EventContent {
  const binaryAttributes: CloudEventAttributes = {};
  let isBinary = false;
  for (const [header, value] of Object.entries(headers)) {
    const attribute = ATTRIBUTE_HEADER.exec(header);
    if (attribute === null) continue;
    binaryAttributes[attribute[1].toLowerCase()] = value;
    isBinary = true;
  }
  if (isBinary) return { body, cloudEvent: binaryAttributes };
  if (!isJsonObject(body) || typeof body.specversion !== "string") return { body };
  const { data, data_base64: dataBase64, ...attributes } = body;
  return { body: structuredData(data, dataBase64), cloudEvent: attributes };
}

function structuredData(data: unknown, dataBase64: unknown): unknown {
  if (dataBase64 !== undefined) {
    const text = typeof dataBase64 === "string" ? textOfBase64(dataBase64) : undefined;
    if (text === undefined) {
      throw parseProblem("bad-envelope", `CloudEvent data_base64 is not base64 of UTF-8 text`);
    }
    return parseJsonText(text, "CloudEvent data_base64");
  }
  if (data === undefined)
    throw parseProblem("bad-envelope", "the CloudEvent has neither data nor data_base64");
  return typeof data === "string" ? parseJsonText(data, "CloudEvent data") : data;
}

/** A string attribute (id, type), undefined when absent or empty; any other type breaks the envelope. */
export function stringAttribute(
  attributes: CloudEventAttributes | undefined,
  name: string,
): string | undefined {
  const value = attributes?.[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value === "string") return value;
  throw parseProblem("bad-envelope", `CloudEvent attribute ${name} is ${describeValue(value)}, not a string`);
}

/** The CloudEvent `time` attribute (RFC 3339) as the event's own time, if it has one. */
export function cloudEventTime(attributes: CloudEventAttributes | undefined): EventOwnTime | undefined {
  const value = attributes?.time;
  if (value === undefined) return undefined;
  return {
    field: "CloudEvent time",
    value,
    epochMs: typeof value === "string" ? epochMsOfIso8601(value) : undefined,
  };
}
