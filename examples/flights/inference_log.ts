import { DelayModel, predictDelay } from "./delay_model";
import { FeatureRow, featureRow } from "./feature_row";
import { Flight } from "./flights";
import { KcatRecord, LoggedEvent, REQUEST_EVENT_TYPE, RESPONSE_EVENT_TYPE, kcatRecord } from "./kcat_record";
import { seededRandom, seededUuid, uniformInt } from "./seeded_random";
import { toStreamTimeMs } from "./stream_clock";

/** A request carries 1 to this many flights, consecutive in departure order. */
export const MAX_INSTANCES_PER_REQUEST = 4;
/** Model latency, request ce_time to response ce_time. */
export const MIN_LATENCY_MS = 3;
export const MAX_LATENCY_MS = 40;
/**
 * Share of exchanges whose two events reach Kafka late (as after a logger
 * retry): they are appended after events up to MAX_DELIVERY_DELAY_MS of event
 * time younger than themselves, keeping their own timestamps.
 */
export const LATE_EXCHANGE_SHARE = 0.03;
export const MIN_DELIVERY_DELAY_MS = 1_000;
export const MAX_DELIVERY_DELAY_MS = 12_000;

/** One request to the model and its response, in stream time. */
export interface InferenceExchange {
  id: string;
  /** The departure of the request's last flight: the client sends a batch once it is complete. */
  requestTimeMs: number;
  responseTimeMs: number;
  /** 0 for most exchanges; how late both events reach Kafka for the late ones. */
  deliveryDelayMs: number;
  instances: FeatureRow[];
  predictions: number[];
}

/**
 * Groups the flights (in departure order) into requests of 1 to
 * MAX_INSTANCES_PER_REQUEST flights and answers each with the model. All
 * choices (batch sizes, latencies, which exchanges arrive late, ids) come from
 * one seeded generator, so the same flights and seed give the same log.
 */
export function inferenceExchanges(
  flights: Flight[],
  model: DelayModel,
  periodStartMs: number,
  seed: number,
): InferenceExchange[] {
  const random = seededRandom(seed);
  const exchanges: InferenceExchange[] = [];
  for (let first = 0; first < flights.length;) {
    const batch = flights.slice(first, first + uniformInt(random, 1, MAX_INSTANCES_PER_REQUEST));
    first += batch.length;
    const requestTimeMs = toStreamTimeMs(batch[batch.length - 1].departureMs, periodStartMs);
    const isLate = random() < LATE_EXCHANGE_SHARE;
    exchanges.push({
      id: seededUuid(random),
      requestTimeMs,
      responseTimeMs: requestTimeMs + uniformInt(random, MIN_LATENCY_MS, MAX_LATENCY_MS),
      deliveryDelayMs: isLate ? uniformInt(random, MIN_DELIVERY_DELAY_MS, MAX_DELIVERY_DELAY_MS) : 0,
      instances: batch.map(featureRow),
      predictions: batch.map((flight) => predictDelay(model, flight)),
    });
  }
  return exchanges;
}

/**
 * The exchanges' request and response events as Kafka records in the order
 * they were appended to the topic: by event time plus delivery delay (a
 * stable sort, so ties keep the exchanges' order and a request precedes its
 * response). Each record's `ts` stays its own event time, so a late record's
 * ts is behind those appended just before it by at most its delivery delay.
 */
export function kafkaRecordsInDeliveryOrder(exchanges: InferenceExchange[]): KcatRecord[] {
  const events = exchanges.flatMap((exchange): { appendedAtMs: number; event: LoggedEvent }[] => [
    {
      appendedAtMs: exchange.requestTimeMs + exchange.deliveryDelayMs,
      event: {
        id: exchange.id,
        type: REQUEST_EVENT_TYPE,
        timeMs: exchange.requestTimeMs,
        body: { instances: exchange.instances },
      },
    },
    {
      appendedAtMs: exchange.responseTimeMs + exchange.deliveryDelayMs,
      event: {
        id: exchange.id,
        type: RESPONSE_EVENT_TYPE,
        timeMs: exchange.responseTimeMs,
        body: { predictions: exchange.predictions },
      },
    },
  ]);
  events.sort((a, b) => a.appendedAtMs - b.appendedAtMs);
  return events.map(({ event }, offset) => kcatRecord(offset, event));
}
