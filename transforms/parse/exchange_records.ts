import type { FeatureSpec } from "../../pipelines/spec/schema";
import { ParseProblem, deadLetter, expectParseProblem, parseProblem } from "./dead_letter";
import type { ParseResult } from "./event_decoder";
import { eventTimeMs, maxFutureSkewMs } from "./event_time";
import { featureValue } from "./feature_value";
import type { FeatureValue, InferenceRecord } from "./inference_record";
import type { LoggedExchange, LoggedInstance } from "./logged_exchange";
import type { ParseSpec } from "./parse_spec";
import type { RawEvent } from "./raw_event";

/**
 * The records of one exchange: one per instance, all at the exchange's event
 * time. An event-time problem makes one dead letter for the whole exchange; a
 * bad value makes one for its instance only, and the other instances still
 * become records.
 */
export const exchangeRecords = (
  exchange: LoggedExchange,
  event: RawEvent,
  spec: ParseSpec,
  nowMs: number,
): ParseResult => {
  const result: ParseResult = { records: [], deadLetters: [] };
  const reject = (problem: ParseProblem) =>
    result.deadLetters.push(deadLetter(problem, event.value, event.origin, nowMs));
  let timeMs: number;
  try {
    timeMs = eventTimeMs(spec.input.eventTime, {
      recordTimestampMs: event.timestampMs,
      ownTime: exchange.ownTime,
      timeScope: exchange.timeScope,
    });
    const futureSkewMs = maxFutureSkewMs(spec.input);
    if (timeMs > nowMs + futureSkewMs) throw futureTimestamp(timeMs, nowMs, futureSkewMs);
  } catch (error) {
    const problem = expectParseProblem(error);
    const within = exchange.within === undefined ? "" : `${exchange.within}: `;
    reject(parseProblem(problem.reason, within + problem.detail));
    return result;
  }
  for (const instance of exchange.instances) {
    try {
      result.records.push(instanceRecord(exchange, instance, timeMs, spec));
    } catch (error) {
      reject(expectParseProblem(error));
    }
  }
  return result;
};

/** An event time further ahead of the clock than `input.maxFutureSkew` (see isAdmissibleEventTime). */
const futureTimestamp = (timeMs: number, nowMs: number, maxFutureSkewMs: number): ParseProblem =>
  parseProblem(
    "future-timestamp",
    `event time ${new Date(timeMs).toISOString()} is ${timeMs - nowMs} ms ahead of the clock ` +
      `(${new Date(nowMs).toISOString()}), more than input.maxFutureSkew (${maxFutureSkewMs} ms)`,
  );

/**
 * Sets a property by assignment (5× faster than Object.fromEntries for a record's features), except
 * "__proto__", which assignment would take as the prototype: that one is defined as an ordinary key.
 */
const setOwn = (target: Record<string, FeatureValue>, name: string, value: FeatureValue): void => {
  if (name === "__proto__") {
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[name] = value;
  }
};

/** A request instance carries the features, a response instance the prediction, a "both" instance both. */
const instanceRecord = (
  exchange: LoggedExchange,
  instance: LoggedInstance,
  eventTimeMs: number,
  spec: ParseSpec,
): InferenceRecord => {
  const typedValue = (feature: FeatureSpec, role: string) =>
    featureValue(
      feature,
      instance.valueAt(feature.path ?? feature.name),
      () => `instance ${instance.index}: ${role} "${feature.name}"`,
    );
  const features: Record<string, FeatureValue> = {};
  if (exchange.part !== "response") {
    for (const feature of spec.features) setOwn(features, feature.name, typedValue(feature, "feature"));
  }
  const record: InferenceRecord = {
    requestId: exchange.requestId,
    instance: instance.index,
    model: spec.model,
    eventTimeMs,
    part: exchange.part,
    features,
  };
  if (exchange.part !== "request" && spec.prediction !== undefined) {
    record.prediction = typedValue(spec.prediction, "prediction");
  }
  return record;
};
