import { cloudEventTime, stringAttribute } from "./cloud_event";
import { eventDecoder } from "./event_decoder";
import { partOfEventType } from "./inference_event_type";
import { v1Instances, v1PartOfBody } from "./kserve_v1_body";
import type { ExchangeReader } from "./logged_exchange";

/**
 * KServe v1 inference-logger events (input format "kserve"): CloudEvents,
 * binary or structured, whose data is a v1 request or response body.
 *
 * The CloudEvent type tells request from response; the request and response
 * events of one exchange share the CloudEvent id, which becomes the request
 * id. A bare recorded body (no CloudEvent) is told by its "instances" /
 * "predictions" field and identified by where it came from.
 */
const readKserveExchanges: ExchangeReader = ({ body, cloudEvent }, { originId }) => {
  const type = stringAttribute(cloudEvent, "type");
  const part = type === undefined ? v1PartOfBody(body) : partOfEventType(type);
  return [
    {
      requestId: stringAttribute(cloudEvent, "id") ?? originId,
      part,
      instances: v1Instances(body, part),
      ownTime: cloudEventTime(cloudEvent),
      timeScope: body,
    },
  ];
};

export const decodeKserveEvent = eventDecoder(readKserveExchanges);
