import type { LatencySummary } from "./latency_summary";
import type { LatencyRow, RunResult } from "./latency_run";
import { WATERMARK_DELAY_SECONDS, WINDOW_SECONDS } from "./latency_spec";

/** The reference system's P75 latencies (7-node cluster, 250,000 requests). */
export const REFERENCE_P75_S = { outlier: 5.9, statistics: 29.92, drift: 30.86 } as const;

type Floors = Pick<LatencySummary, "p50" | "p75" | "p95" | "max">;

/**
 * The least latency physics allows at each percentile. Complete pane: the watermark passes a window's
 * end `delay` after it, and with uniform arrivals a request waits U(0, window) for the end, so the
 * q-quantile is q · window + delay (P75: 0.75 × 15 + 6 = 17.25 s). First pane with early firings every
 * E s: a pane fires E after the first element since the last one, so a request waits U(0, E). Outliers
 * are screened per record: no floor beyond processing.
 */
export function latencyFloors(row: LatencyRow, earlyFiringSeconds: number | undefined): Floors {
  const uniform = (span: number, offset: number): Floors => ({
    p50: 0.5 * span + offset,
    p75: 0.75 * span + offset,
    p95: 0.95 * span + offset,
    max: span + offset,
  });
  if (row.kind === "outlier") return uniform(0, 0);
  if (row.pane === "final" || earlyFiringSeconds === undefined)
    return uniform(WINDOW_SECONDS, WATERMARK_DELAY_SECONDS);
  return uniform(earlyFiringSeconds, 0);
}

const seconds = (value: number | undefined) => (value === undefined ? "—" : value.toFixed(2));
const count = (value: number) => Math.round(value).toLocaleString("en-US");
const early = (result: RunResult) =>
  result.earlyFiringSeconds === undefined ? "none" : `every ${result.earlyFiringSeconds} s`;

/** The latency table: per run, kind and pane, the percentiles next to their floors and the reference P75. */
export function latencyTable(results: RunResult[]): string {
  const lines = [
    "| rate (req/s) | early panes | kind | pane | windows | n | P50 (s) | P75 (s) | P95 (s) | max (s) | floor P50 / P75 / P95 / max (s) | reference P75 (s) |",
    "| -----------: | ----------- | ---- | ---- | ------: | -: | ------: | ------: | ------: | ------: | ------------------------------- | ----------------: |",
  ];
  for (const result of results) {
    for (const row of result.latencies) {
      // Without early panes the first pane covering a request is the final one.
      if (result.earlyFiringSeconds === undefined && row.pane === "first covering") continue;
      const floors = latencyFloors(row, result.earlyFiringSeconds);
      const floorText = [floors.p50, floors.p75, floors.p95, floors.max].map(seconds).join(" / ");
      const { summary } = row;
      lines.push(
        `| ${count(result.rate)} | ${early(result)} | ${row.kind} | ${row.pane} | ${row.windows ?? "—"} | ` +
          `${count(summary?.count ?? 0)} | ${seconds(summary?.p50)} | ${seconds(summary?.p75)} | ` +
          `${seconds(summary?.p95)} | ${seconds(summary?.max)} | ${floorText} | ${REFERENCE_P75_S[row.kind]} |`,
      );
    }
  }
  return lines.join("\n");
}

/** The throughput table: achieved rates, consumer lag, and what the job used. */
export function throughputTable(results: RunResult[]): string {
  const lines = [
    "| rate (req/s) | early panes | load before | sent/s | delivered/s | lag max | lag at last send | lag growth (/s) | sustained | drain (s) | dropped late | job CPU (s) | cores while sending: job / producer / mock cluster | job peak RSS (MiB) |",
    "| -----------: | ----------- | ----------: | -----: | ----------: | ------: | ---------------: | --------------: | --------- | --------: | -----------: | ----------: | -------------------------------------------------: | -----------------: |",
  ];
  for (const result of results) {
    const { lag, job } = result;
    lines.push(
      `| ${count(result.rate)} | ${early(result)} | ${result.loadBefore.toFixed(2)} | ${count(result.sentPerSecond)} | ` +
        `${count(lag.deliveredPerSecond)} | ${count(lag.maxLag)} | ${count(lag.lagAtLastSend)} | ` +
        `${count(lag.growthPerSecond)} | ${lag.sustained ? "yes" : "**no**"} | ${result.drainSeconds.toFixed(1)} | ` +
        `${job.droppedLate} | ${job.cpuSeconds.toFixed(1)} | ${result.jobCoresWhileSending.toFixed(2)} / ` +
        `${result.producerCoresWhileSending.toFixed(2)} / ${result.mockClusterCoresWhileSending?.toFixed(2) ?? "—"} | ` +
        `${job.peakRssMiB.toFixed(0)} |`,
    );
  }
  return lines.join("\n");
}
