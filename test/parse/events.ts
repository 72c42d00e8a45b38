import * as assert from "assert";
import type { FeatureSpec, InputSpec } from "../../pipelines/spec/schema";
import type { EventDecoder, ParseResult } from "../../transforms/parse/event_decoder";
import type { DeadLetter, DeadLetterReason, InferenceRecord } from "../../transforms/parse/inference_record";
import { parseEvent } from "../../transforms/parse/parse_event";
import type { ParseSpec } from "../../transforms/parse/parse_spec";
import type { RawEvent } from "../../transforms/parse/raw_event";

/** The clock every test passes: 2026-01-02T00:00:00.000Z. */
export const NOW_MS = Date.UTC(2026, 0, 2);
export const NOW_ISO = "2026-01-02T00:00:00.000Z";

export const REQUEST_TYPE = "org.kubeflow.serving.inference.request";
export const RESPONSE_TYPE = "org.kubeflow.serving.inference.response";

/** The four inputs of KServe's sklearn-iris example model, by position in a v1 row. */
export const IRIS_FEATURES: FeatureSpec[] = [
  { name: "sepal_length", type: "numerical", path: 0 },
  { name: "sepal_width", type: "numerical", path: 1 },
  { name: "petal_length", type: "numerical", path: 2 },
  { name: "petal_width", type: "numerical", path: 3 },
];
export const IRIS_CLASS: FeatureSpec = { name: "iris_class", type: "categorical" };

export function irisSpec(format: InputSpec["format"], eventTime = "record-timestamp"): ParseSpec {
  return {
    model: "sklearn-iris",
    features: IRIS_FEATURES,
    prediction: IRIS_CLASS,
    input: { format, eventTime },
  };
}

export const KAFKA_ORIGIN = { topic: "inference-log", partition: 2, offset: "4242" };

/** A Kafka record of the inference-log topic. */
export function kafkaEvent(
  body: unknown,
  headers: Record<string, string> = {},
  timestampMs?: number,
): RawEvent {
  const value = typeof body === "string" ? body : JSON.stringify(body);
  return { value, headers, timestampMs, origin: KAFKA_ORIGIN };
}

/** The Kafka headers of a binary-mode KServe logger CloudEvent, as Knative's Kafka sink writes them. */
export function kserveHeaders(
  type: string,
  id: string,
  time = "2026-01-01T00:00:03.458Z",
): Record<string, string> {
  return {
    ce_id: id,
    ce_type: type,
    ce_source: "http://localhost:9081/",
    ce_specversion: "1.0",
    ce_time: time,
    ce_inferenceservicename: "sklearn-iris",
    ce_namespace: "default",
    ce_component: "predictor",
    ce_endpoint: "default",
    "content-type": "application/json",
  };
}

export function parseWith(decoder: EventDecoder, event: RawEvent, spec: ParseSpec): ParseResult {
  return decoder(event, spec, NOW_MS);
}

export function parse(event: RawEvent, spec: ParseSpec): ParseResult {
  return parseEvent(event, spec, NOW_MS);
}

/** The result's records, asserting that it has no dead letters. */
export function recordsOf(result: ParseResult): InferenceRecord[] {
  assert.deepStrictEqual(result.deadLetters, []);
  return result.records;
}

/** The result's only dead letter, asserting its reason and that there are no records. */
export function onlyDeadLetter(result: ParseResult, reason: DeadLetterReason): DeadLetter {
  assert.deepStrictEqual(result.records, []);
  assert.strictEqual(result.deadLetters.length, 1, JSON.stringify(result.deadLetters));
  const letter = result.deadLetters[0];
  assert.strictEqual(letter.reason, reason, letter.detail);
  return letter;
}
