import * as fs from "fs";
import * as path from "path";

/**
 * One flight of vega-datasets' flights-20k.json: a 20,000-flight sample of the
 * US DOT / Bureau of Transportation Statistics on-time data, January–March 2001.
 */
export interface Flight {
  /**
   * Actual departure time (scheduled departure + departure delay, per the
   * dataset's scripts/flights.py), local time at the origin. The data carries
   * no time zone, so it is read as if it were UTC.
   */
  departureMs: number;
  /** Arrival delay in minutes; negative when the flight arrived early. */
  delay: number;
  /** Distance between the airports in miles. */
  distance: number;
  /** IATA code of the origin airport. */
  origin: string;
  /** IATA code of the destination airport. */
  destination: string;
}

interface FlightRow {
  date: string;
  delay: number;
  distance: number;
  origin: string;
  destination: string;
}

/**
 * The package's `exports` map hides its data files from require(), but
 * resolving the package entry point still tells us where the package lives.
 */
export function flightsFile(): string {
  return path.join(path.dirname(require.resolve("vega-datasets")), "..", "data", "flights-20k.json");
}

/** "2001/01/01 00:47" as milliseconds since the epoch, read as UTC. */
export function parseFlightTimeMs(date: string): number {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})$/.exec(date);
  if (!match) throw new Error(`flight date "${date}" is not "YYYY/MM/DD HH:MM"`);
  // Indexed, not destructured: ts-closure-transform 0.1.8 drops all but the
  // first name of an array-destructuring declaration.
  const field = match.slice(1).map(Number);
  return Date.UTC(field[0], field[1] - 1, field[2], field[3], field[4]);
}

/** Hour of day (0–23) of the departure. */
export function departureHour(flight: Flight): number {
  return new Date(flight.departureMs).getUTCHours();
}

/** All flights of the file, in departure order (the file is already sorted by date; sorting keeps it so). */
export function loadFlights(file: string = flightsFile()): Flight[] {
  const rows = JSON.parse(fs.readFileSync(file, "utf8")) as FlightRow[];
  return rows
    .map((row) => ({
      departureMs: parseFlightTimeMs(row.date),
      delay: row.delay,
      distance: row.distance,
      origin: row.origin,
      destination: row.destination,
    }))
    .sort((a, b) => a.departureMs - b.departureMs);
}

/** The flights departing in [startMs, endMs). */
export function flightsBetween(flights: Flight[], startMs: number, endMs: number): Flight[] {
  return flights.filter((f) => f.departureMs >= startMs && f.departureMs < endMs);
}
