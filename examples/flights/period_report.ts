import * as ss from "simple-statistics";
import { DelayModel, predictDelay } from "./delay_model";
import { Flight } from "./flights";

/** A flight counts as delayed when it arrives 15 minutes or more late (the US DOT on-time definition). */
export const DELAYED_MINUTES = 15;

/** How a set of flights' arrival delays are distributed. */
export interface DelaySummary {
  flights: number;
  meanDelay: number;
  medianDelay: number;
  p90Delay: number;
  delayedShare: number;
  /** The model's mean prediction for these flights. */
  meanPredictedDelay: number;
  /** Student's two-sample t statistic of the mean delay against the baseline (pooled variance). */
  tAgainstBaseline: number;
}

export function summarizeDelays(flights: Flight[], baseline: Flight[], model: DelayModel): DelaySummary {
  const delays = flights.map((f) => f.delay);
  return {
    flights: flights.length,
    meanDelay: ss.mean(delays),
    medianDelay: ss.median(delays),
    p90Delay: ss.quantile(delays, 0.9),
    delayedShare: delays.filter((d) => d >= DELAYED_MINUTES).length / delays.length,
    meanPredictedDelay: ss.mean(flights.map((f) => predictDelay(model, f))),
    tAgainstBaseline:
      ss.tTestTwoSample(
        delays,
        baseline.map((f) => f.delay),
      ) ?? NaN,
  };
}

/** One aligned text line per labelled summary, under a header. */
export function delayTable(rows: { label: string; summary: DelaySummary }[]): string {
  const header = [
    "period".padEnd(26),
    "flights",
    "  mean",
    "median",
    "   p90",
    `>=${DELAYED_MINUTES}min`,
    "    t",
    "predicted",
  ];
  const lines = rows.map(({ label, summary: s }) =>
    [
      label.padEnd(26),
      String(s.flights).padStart(7),
      s.meanDelay.toFixed(1).padStart(6),
      s.medianDelay.toFixed(1).padStart(6),
      s.p90Delay.toFixed(1).padStart(6),
      `${(100 * s.delayedShare).toFixed(1)}%`.padStart(8),
      s.tAgainstBaseline.toFixed(1).padStart(5),
      s.meanPredictedDelay.toFixed(1).padStart(9),
    ].join(" "),
  );
  return [header.join(" "), ...lines].join("\n");
}
