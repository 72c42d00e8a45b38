import { cloudEventTime, stringAttribute } from "./cloud_event";
import { describeValue, parseProblem } from "./dead_letter";
import { eventDecoder } from "./event_decoder";
import { isJsonObject } from "./json_text";
import type { ExchangeReader, LoggedExchange } from "./logged_exchange";
import { idText } from "./request_id";
import { valueAtPath } from "./value_path";

/**
 * Plain JSON records with named fields (input format "json"): a body is one
 * object, one record, or an array of objects, one record each (instance =
 * position in the array). A record holds the prediction too when the spec
 * names one (part "both"). Its request id is its own `id` or `requestId`
 * field, else the CloudEvent id, else where it came from; the event-time field
 * path is looked up in each record.
 */
const readJsonExchanges: ExchangeReader = ({ body, cloudEvent }, { spec, originId }) => {
  const part = spec.prediction === undefined ? "request" : "both";
  const fallbackId = stringAttribute(cloudEvent, "id") ?? originId;
  const exchangeOf = (record: Record<string, unknown>, index: number, within?: string): LoggedExchange => ({
    requestId: idText(record.id) ?? idText(record.requestId) ?? fallbackId,
    part,
    instances: [{ index, valueAt: (path) => valueAtPath(record, path) }],
    ownTime: cloudEventTime(cloudEvent),
    timeScope: record,
    within,
  });
  if (isJsonObject(body)) return [exchangeOf(body, 0)];
  if (!Array.isArray(body) || body.length === 0) {
    throw parseProblem(
      "bad-shape",
      `a JSON event is an object or a non-empty array of them, not ${describeValue(body)}`,
    );
  }
  return body.map((record, index) => {
    if (!isJsonObject(record)) {
      throw parseProblem(
        "bad-shape",
        `element ${index} of the JSON array is ${describeValue(record)}, not an object`,
      );
    }
    return exchangeOf(record, index, `instance ${index}`);
  });
};

export const decodeJsonEvent = eventDecoder(readJsonExchanges);
