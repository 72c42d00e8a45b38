/**
 * A KServe inference-logger CloudEvent as it sits in Kafka in binary content
 * mode (attributes in ce_* headers, body as the value), printed the way
 * `kcat -C -J` prints a consumed record: one JSON object per line, headers as
 * a flat [name, value, name, value, …] array.
 */
export interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  tstype: "create";
  /** Kafka CreateTime in ms: the logger sets it to the event's ce_time. */
  ts: number;
  broker: number;
  headers: string[];
  key: null;
  /** The CloudEvent data (the v1 request or response body) as a JSON string. */
  payload: string;
}

export const INFERENCE_TOPIC = "inference-log";
export const INFERENCE_SERVICE = "flight-delay";
export const REQUEST_EVENT_TYPE = "org.kubeflow.serving.inference.request";
export const RESPONSE_EVENT_TYPE = "org.kubeflow.serving.inference.response";
/** The source KServe's logger agent stamps on its events (its local port). */
const LOGGER_SOURCE = "http://localhost:9081/";

/** One logged half of an inference exchange. */
export interface LoggedEvent {
  id: string;
  type: typeof REQUEST_EVENT_TYPE | typeof RESPONSE_EVENT_TYPE;
  timeMs: number;
  body: unknown;
}

export function kcatRecord(offset: number, event: LoggedEvent): KcatRecord {
  const headers = {
    ce_id: event.id,
    ce_type: event.type,
    ce_source: LOGGER_SOURCE,
    ce_specversion: "1.0",
    ce_time: new Date(event.timeMs).toISOString(),
    ce_inferenceservicename: INFERENCE_SERVICE,
    ce_namespace: "default",
    "content-type": "application/json",
  };
  return {
    topic: INFERENCE_TOPIC,
    partition: 0,
    offset,
    tstype: "create",
    ts: event.timeMs,
    broker: 0,
    headers: Object.entries(headers).flat(),
    key: null,
    payload: JSON.stringify(event.body),
  };
}
