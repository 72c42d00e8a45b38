import * as ss from "simple-statistics";
import { Flight, departureHour } from "./flights";
import { leastSquares } from "./least_squares";

/**
 * The served model: an expected-arrival-delay estimate from the flight's
 * schedule alone,
 *
 *   predicted_delay = β₀ + β₁·(distance / 1000 mi) + β₂·departure_hour
 *                     + β₃·originDelay(origin) + β₄·destinationDelay(destination)
 *
 * fitted by ordinary least squares on the training period. originDelay and
 * destinationDelay target-encode the airports: the airport's mean training
 * delay shrunk towards the overall mean, (Σ delay + k·overall) / (n + k) with
 * k = AIRPORT_PRIOR_FLIGHTS, so a rarely seen airport gets close to the
 * overall mean and an unseen one exactly it. The observed `delay` is not an
 * input of the model.
 */
export interface DelayModel {
  /** [β₀, β₁, β₂, β₃, β₄] as above. */
  coefficients: number[];
  overallMeanDelay: number;
  originDelay: Record<string, number>;
  destinationDelay: Record<string, number>;
}

/** Pseudo-count of the shrinkage towards the overall mean. */
export const AIRPORT_PRIOR_FLIGHTS = 20;

function shrunkMeanDelayBy(
  flights: Flight[],
  airportOf: (flight: Flight) => string,
  overallMeanDelay: number,
): Record<string, number> {
  const totals = new Map<string, { sum: number; count: number }>();
  for (const flight of flights) {
    const total = totals.get(airportOf(flight)) ?? { sum: 0, count: 0 };
    total.sum += flight.delay;
    total.count += 1;
    totals.set(airportOf(flight), total);
  }
  const encoded: Record<string, number> = {};
  for (const [airport, { sum, count }] of totals) {
    encoded[airport] = (sum + AIRPORT_PRIOR_FLIGHTS * overallMeanDelay) / (count + AIRPORT_PRIOR_FLIGHTS);
  }
  return encoded;
}

function designRow(model: Omit<DelayModel, "coefficients">, flight: Flight): number[] {
  return [
    1,
    flight.distance / 1000,
    departureHour(flight),
    model.originDelay[flight.origin] ?? model.overallMeanDelay,
    model.destinationDelay[flight.destination] ?? model.overallMeanDelay,
  ];
}

export function fitDelayModel(training: Flight[]): DelayModel {
  const overallMeanDelay = ss.mean(training.map((f) => f.delay));
  const encoding = {
    overallMeanDelay,
    originDelay: shrunkMeanDelayBy(training, (f) => f.origin, overallMeanDelay),
    destinationDelay: shrunkMeanDelayBy(training, (f) => f.destination, overallMeanDelay),
  };
  const coefficients = leastSquares(
    training.map((f) => designRow(encoding, f)),
    training.map((f) => f.delay),
  );
  return { ...encoding, coefficients };
}

/** The model's prediction in minutes, rounded to 0.01 min as the server returns it. */
export function predictDelay(model: DelayModel, flight: Flight): number {
  const row = designRow(model, flight);
  const minutes = row.reduce((sum, x, i) => sum + x * model.coefficients[i], 0);
  return Math.round(minutes * 100) / 100;
}
