import { cloudEventTime, stringAttribute } from "./cloud_event";
import { describeValue, parseProblem } from "./dead_letter";
import { eventDecoder } from "./event_decoder";
import { type EventOwnTime, withinDateRange } from "./event_time";
import { epochMsOfIso8601 } from "./iso_8601";
import { isJsonObject, parseJsonText } from "./json_text";
import { v1Instances } from "./kserve_v1_body";
import type { ExchangeReader } from "./logged_exchange";
import { idText } from "./request_id";

/**
 * The reference system's logger format (input format "seed"): its inference
 * logger re-wraps each KServe CloudEvent as
 * `{"type": "request"|"response", "id": <CloudEvent id>, "time": <Unix seconds>, "payload": <v1 body>}`.
 * `payload` may also be a string of that JSON, and `time` an RFC 3339 string,
 * as an earlier version of that logger wrote it. A spec's event-time field
 * path is looked up in this message (so "time" there would be seconds read as
 * ms: use record-timestamp, which falls back to this time).
 */
const readSeedExchanges: ExchangeReader = ({ body: message, cloudEvent }, { originId }) => {
  if (!isJsonObject(message)) {
    throw parseProblem("bad-shape", `a seed event is a JSON object, not ${describeValue(message)}`);
  }
  const { type, id, time, payload } = message;
  if (typeof type !== "string") throw parseProblem("bad-shape", `the seed event has no string "type"`);
  if (type !== "request" && type !== "response") {
    throw parseProblem("unknown-event-type", `seed event type "${type}" is neither "request" nor "response"`);
  }
  const body = typeof payload === "string" ? parseJsonText(payload, "seed payload") : payload;
  return [
    {
      requestId: idText(id) ?? stringAttribute(cloudEvent, "id") ?? originId,
      part: type,
      instances: v1Instances(body, type),
      ownTime: seedTime(time) ?? cloudEventTime(cloudEvent),
      timeScope: message,
    },
  ];
};

function seedTime(time: unknown): EventOwnTime | undefined {
  if (time === undefined) return undefined;
  const epochMs =
    typeof time === "number"
      ? withinDateRange(Math.round(time * 1000)) // round: 1600000000.123 * 1000 is 1600000000122.9998
      : typeof time === "string"
        ? epochMsOfIso8601(time)
        : undefined;
  return { field: "seed time", value: time, epochMs };
}

export const decodeSeedEvent = eventDecoder(readSeedExchanges);
