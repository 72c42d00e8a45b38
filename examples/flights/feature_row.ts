import { Flight, departureHour } from "./flights";

/** The model's inputs in the order of a request instance and of the training CSV's first columns. */
export const FEATURE_COLUMNS = ["distance", "departure_hour", "delay", "origin", "destination"] as const;

export type FeatureRow = [
  distance: number,
  departureHour: number,
  delay: number,
  origin: string,
  destination: string,
];

export function featureRow(flight: Flight): FeatureRow {
  return [flight.distance, departureHour(flight), flight.delay, flight.origin, flight.destination];
}
