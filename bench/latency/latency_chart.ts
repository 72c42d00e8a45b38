import type { LatencySummary } from "./latency_summary";
import type { LatencyRow, RunResult } from "./latency_run";
import { REFERENCE_P75_S, latencyFloors } from "./latency_report";

/** One panel per result kind and pane, left to right. */
const PANELS: { kind: LatencyRow["kind"]; pane: LatencyRow["pane"]; title: string; early: boolean }[] = [
  { kind: "outlier", pane: "—", title: "outliers", early: false },
  { kind: "statistics", pane: "final", title: "statistics, complete pane", early: false },
  { kind: "drift", pane: "final", title: "drift, complete pane", early: false },
  { kind: "statistics", pane: "first covering", title: "statistics, first pane (early 1 s)", early: true },
  { kind: "drift", pane: "first covering", title: "drift, first pane (early 1 s)", early: true },
];
const PANEL_WIDTH = 300;
const PLOT = { top: 50, bottom: 330, left: 50 };
const HEIGHT = 400;
/** Latency axis: log scale from 10 ms to 100 s, as outliers and windowed results differ 100-fold. */
const AXIS_MIN_S = 0.01;
const AXIS_MAX_S = 100;
const TICKS_S = [0.01, 0.1, 1, 10, 100];

const y = (seconds: number) => {
  const clamped = Math.min(AXIS_MAX_S, Math.max(AXIS_MIN_S, seconds));
  const share = Math.log10(clamped / AXIS_MIN_S) / Math.log10(AXIS_MAX_S / AXIS_MIN_S);
  return PLOT.bottom - share * (PLOT.bottom - PLOT.top);
};
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const rateLabel = (result: RunResult) => (result.rate >= 1000 ? `${result.rate / 1000}k` : `${result.rate}`);

/** A box plot of one distribution: box P25–P75, line at P50, whiskers P5–P95, a dot at the max. */
function box(x: number, summary: LatencySummary, colour: string): string {
  const half = 7;
  return [
    `<line x1="${x}" x2="${x}" y1="${y(summary.p5)}" y2="${y(summary.p95)}" stroke="${colour}"/>`,
    `<rect x="${x - half}" y="${y(summary.p75)}" width="${2 * half}" height="${Math.max(1, y(summary.p25) - y(summary.p75))}" fill="${colour}" fill-opacity="0.35" stroke="${colour}"/>`,
    `<line x1="${x - half}" x2="${x + half}" y1="${y(summary.p50)}" y2="${y(summary.p50)}" stroke="${colour}" stroke-width="2"/>`,
    `<circle cx="${x}" cy="${y(summary.max)}" r="2.5" fill="${colour}"/>`,
  ].join("");
}

function panel(index: number, spec: (typeof PANELS)[number], results: RunResult[]): string {
  const left = index * PANEL_WIDTH + PLOT.left;
  const right = (index + 1) * PANEL_WIDTH - 10;
  const runs = results.filter((result) => (result.earlyFiringSeconds !== undefined) === spec.early);
  const parts = [
    `<text x="${(left + right) / 2}" y="${PLOT.top - 25}" text-anchor="middle" font-weight="bold">${escape(spec.title)}</text>`,
    `<line x1="${left}" x2="${left}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#444"/>`,
    `<line x1="${left}" x2="${right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="#444"/>`,
  ];
  for (const tick of TICKS_S) {
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`,
      `<text x="${left - 4}" y="${y(tick) + 4}" text-anchor="end" font-size="10">${tick} s</text>`,
    );
  }
  const reference = REFERENCE_P75_S[spec.kind];
  parts.push(
    `<line x1="${left}" x2="${right}" y1="${y(reference)}" y2="${y(reference)}" stroke="#c00" stroke-dasharray="6 3"/>`,
    `<text x="${right}" y="${y(reference) - 3}" text-anchor="end" font-size="10" fill="#c00">reference P75 ${reference} s</text>`,
  );
  const step = (right - left) / (runs.length + 1);
  runs.forEach((result, i) => {
    const x = left + step * (i + 1);
    const row = result.latencies.find((r) => r.kind === spec.kind && r.pane === spec.pane);
    parts.push(
      `<text x="${x}" y="${PLOT.bottom + 15}" text-anchor="middle" font-size="10">${rateLabel(result)}</text>`,
    );
    if (row?.summary === undefined) {
      parts.push(`<text x="${x}" y="${PLOT.bottom - 5}" text-anchor="middle" font-size="9">n/a</text>`);
      return;
    }
    const floor = latencyFloors(row, result.earlyFiringSeconds);
    if (floor.p75 > 0) {
      parts.push(
        `<line x1="${x - 11}" x2="${x + 11}" y1="${y(floor.p75)}" y2="${y(floor.p75)}" stroke="#070" stroke-dasharray="2 2"/>`,
      );
    }
    parts.push(box(x, row.summary, result.lag.sustained ? "#1f5fa8" : "#e07b00"));
  });
  return parts.join("\n");
}

/**
 * The latency distributions of a benchmark run as an SVG: one panel per result kind and pane, one
 * box per offered rate (orange where the job did not sustain the rate), on a log scale, with each
 * P75 floor (green, dotted) and the reference system's P75 (red, dashed).
 */
export function latencyChart(results: RunResult[], caption: string): string {
  const width = PANELS.length * PANEL_WIDTH;
  const body = PANELS.map((spec, index) => panel(index, spec, results)).join("\n");
  const legend =
    "x: offered requests/s; box P25–P75, bar P50, whiskers P5–P95, dot max; blue: rate sustained, " +
    "orange: not sustained (lag grew, or ≥ 1 s of records behind at the last send); green dotted: P75 floor; red dashed: reference P75";
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${HEIGHT}" fill="white"/>`,
    body,
    `<text x="10" y="${HEIGHT - 35}" font-size="11">${escape(legend)}</text>`,
    `<text x="10" y="${HEIGHT - 15}" font-size="11">${escape(caption)}</text>`,
    "</svg>",
    "",
  ].join("\n");
}
