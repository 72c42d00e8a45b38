import type { IncomingHttpHeaders } from "http";
import { epochMsOfIso8601 } from "../transforms/parse/iso_8601";
import { MAX_JSON_DEPTH, jsonDeeperThan } from "../transforms/parse/json_depth";
import { jsonSyntaxProblem } from "../transforms/parse/json_text";

/** An inference-log CloudEvent as the Kafka record the job reads (CloudEvents Kafka binding, binary mode). */
export interface CloudEventRecord {
  /** The event id: request and response of one exchange share it, hence a partition. */
  key: string;
  value: Buffer;
  /** `ce_<attribute>` per attribute, `content-type` for datacontenttype. */
  headers: Record<string, string>;
  /** Epoch ms of the event's `time`, or of its arrival when it has none. */
  timestampMs: number;
}

/** Why an HTTP request is not a CloudEvent this logger takes: answered with 400 and this text. */
export class MalformedCloudEvent extends Error {}

const REQUIRED_ATTRIBUTES = ["specversion", "id", "source", "type"];
const STRUCTURED = "application/cloudevents+json";
const BATCHED = "application/cloudevents-batch+json";

/**
 * The Kafka record for one CloudEvent received over HTTP (CloudEvents 1.0
 * HTTP binding), in either content mode:
 *
 * - binary, as KServe's inference logger sends: attributes in `ce-<name>`
 *   headers, data = the body, `content-type` = its datacontenttype;
 * - structured: body `{specversion, id, source, type, time?, …, data |
 *   data_base64}` with content type `application/cloudevents+json`.
 *
 * Either way the record is binary mode, as Knative's Kafka sink stores events
 * and as transforms/parse/cloud_event.ts reads them: `ce_<name>` headers, the
 * data as value. Throws MalformedCloudEvent saying what is wrong.
 */
export function cloudEventRecord(
  headers: IncomingHttpHeaders,
  body: Buffer,
  receivedAtMs: number,
): CloudEventRecord {
  const contentType = headerText(headers["content-type"]);
  const mediaType = contentType?.split(";")[0].trim().toLowerCase();
  if (headers["ce-specversion"] !== undefined)
    return binaryModeRecord(headers, contentType, body, receivedAtMs);
  if (mediaType === STRUCTURED) return structuredModeRecord(body, receivedAtMs);
  if (mediaType === BATCHED)
    throw new MalformedCloudEvent("batched CloudEvents are not supported: send one event per request");
  throw new MalformedCloudEvent(
    `not a CloudEvent: no ce-specversion header (binary mode) and content type ${contentType ?? "(none)"} ` +
      `is not ${STRUCTURED} (structured mode)`,
  );
}

function binaryModeRecord(
  headers: IncomingHttpHeaders,
  contentType: string | undefined,
  body: Buffer,
  receivedAtMs: number,
): CloudEventRecord {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    // Node gives header names in lower case; CloudEvents attribute names are lower case.
    if (name.startsWith("ce-") && value !== undefined) attributes[name.slice(3)] = headerText(value)!;
  }
  if (contentType !== undefined) attributes.datacontenttype = contentType;
  return record(attributes, body, receivedAtMs, "ce-");
}

/** A structured event is parsed here: text nested deeper than MAX_JSON_DEPTH is refused first (seconds of parsing). */
function structuredModeRecord(body: Buffer, receivedAtMs: number): CloudEventRecord {
  const text = body.toString("utf8");
  if (jsonDeeperThan(text, MAX_JSON_DEPTH))
    throw new MalformedCloudEvent(`the structured CloudEvent nests deeper than ${MAX_JSON_DEPTH} levels`);
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch (error) {
    throw new MalformedCloudEvent(`the structured CloudEvent is ${jsonSyntaxProblem(error)}`);
  }
  if (typeof envelope !== "object" || envelope === null || Array.isArray(envelope))
    throw new MalformedCloudEvent("the structured CloudEvent is not a JSON object");
  const { data, data_base64: dataBase64, ...rest } = envelope as Record<string, unknown>;
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (value === null) continue;
    // CloudEvents attribute values are strings, integers or booleans; Kafka headers are text.
    if (typeof value === "object")
      throw new MalformedCloudEvent(`CloudEvent attribute ${name} is an object, not a string or number`);
    attributes[name] = String(value);
  }
  return record(attributes, structuredData(data, dataBase64), receivedAtMs, "");
}

/** A structured event's data as bytes: data_base64 decoded, a string as its text, JSON as its text. */
function structuredData(data: unknown, dataBase64: unknown): Buffer {
  if (dataBase64 !== undefined) {
    if (typeof dataBase64 !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(dataBase64))
      throw new MalformedCloudEvent("CloudEvent data_base64 is not base64 text");
    return Buffer.from(dataBase64, "base64");
  }
  if (data === undefined) return Buffer.alloc(0);
  return Buffer.from(typeof data === "string" ? data : JSON.stringify(data), "utf8");
}

/** Checks the attributes every inference-log event needs and builds the record; `prefix` names attributes in messages. */
function record(
  attributes: Record<string, string>,
  value: Buffer,
  receivedAtMs: number,
  prefix: string,
): CloudEventRecord {
  const missing = REQUIRED_ATTRIBUTES.filter((name) => (attributes[name] ?? "") === "");
  if (missing.length > 0)
    throw new MalformedCloudEvent(
      `the CloudEvent lacks required attribute${missing.length > 1 ? "s" : ""} ` +
        missing.map((name) => prefix + name).join(", "),
    );
  if (attributes.specversion !== "1.0")
    throw new MalformedCloudEvent(
      `CloudEvents specversion ${attributes.specversion} is not supported (1.0 is)`,
    );
  let timestampMs = receivedAtMs;
  if (attributes.time !== undefined) {
    const eventTimeMs = epochMsOfIso8601(attributes.time);
    if (eventTimeMs === undefined)
      throw new MalformedCloudEvent(`${prefix}time "${attributes.time}" is not an RFC 3339 time`);
    timestampMs = eventTimeMs;
  }
  if (value.length === 0) throw new MalformedCloudEvent("the CloudEvent has no data (the inference body)");
  const headers: Record<string, string> = {};
  for (const [name, text] of Object.entries(attributes)) {
    if (name === "datacontenttype") headers["content-type"] = text;
    else headers[`ce_${name}`] = text;
  }
  return { key: attributes.id, value, headers, timestampMs };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}
