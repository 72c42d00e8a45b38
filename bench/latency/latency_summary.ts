import * as fs from "fs";

/** Percentiles of latencies in seconds (nearest rank), and how many there were. P5 and P25 are for the chart. */
export interface LatencySummary {
  count: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  max: number;
}

export function summarise(latenciesMs: number[]): LatencySummary | undefined {
  if (latenciesMs.length === 0) return undefined;
  const sorted = Float64Array.from(latenciesMs).sort();
  // Nearest rank: the smallest value with at least q of the values at or below it.
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] / 1000;
  return {
    count: sorted.length,
    p5: rank(0.05),
    p25: rank(0.25),
    p50: rank(0.5),
    p75: rank(0.75),
    p95: rank(0.95),
    max: rank(1),
  };
}

interface WindowedResult {
  feature: string;
  type?: string;
  window: { start: string; end: string };
  pane: { index: number; final: boolean };
  count?: number;
  missing?: number;
  sampleSize?: number;
  emittedAt: string;
}

/** One pane of one window: when its last result of the kind was written, and how many records it covers. */
interface Pane {
  index: number;
  final: boolean;
  emittedMs: number;
  records: number;
}

const readLines = (file: string): unknown[] =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as unknown)
    : [];

/** Records a result covers: a numerical statistics record's values + missing, a drift record's sample. */
const recordsCovered = (result: WindowedResult): number =>
  result.type === "numerical" ? (result.count ?? 0) + (result.missing ?? 0) : (result.sampleSize ?? 0);

/** The panes of each window (by start, epoch ms), in pane order. */
function panesByWindow(file: string): Map<number, Pane[]> {
  const panes = new Map<string, Pane>();
  for (const result of readLines(file) as WindowedResult[]) {
    const key = `${result.window.start}/${result.pane.index}`;
    const pane = panes.get(key) ?? {
      index: result.pane.index,
      final: result.pane.final,
      emittedMs: 0,
      records: 0,
    };
    pane.emittedMs = Math.max(pane.emittedMs, Date.parse(result.emittedAt));
    pane.records = Math.max(pane.records, recordsCovered(result));
    panes.set(key, pane);
  }
  const byWindow = new Map<number, Pane[]>();
  for (const [key, pane] of panes) {
    const start = Date.parse(key.slice(0, key.indexOf("/")));
    byWindow.set(start, [...(byWindow.get(start) ?? []), pane]);
  }
  for (const list of byWindow.values()) list.sort((a, b) => a.index - b.index);
  return byWindow;
}

export interface WindowedLatencies {
  /** Per record: the first pane that covers it. */
  firstPane: LatencySummary | undefined;
  /** Per record: the window's final pane. */
  finalPane: LatencySummary | undefined;
  /** Windows measured (closed by the watermark while requests were still being sent). */
  windows: number;
}

/**
 * Latency of a windowed result kind for every request in a window: emittedAt of the window's pane −
 * the request's event time. A pane is out when its last result of the kind is written (the latest
 * emittedAt among them). Which records a pane covers is not in the results: a pane covering n records
 * is taken to hold the window's n earliest requests by event time (they arrive about in that order).
 * Only windows wholly inside the sending are measured: one opened before the first request holds
 * only its latest part (shorter waits), one that closes after `closesBeforeMs` (the last request's
 * event time − the watermark delay) closes when the bounded run ends, not when the watermark passes it.
 */
export function windowedLatencies(
  file: string,
  eventTimesMs: Float64Array,
  windowMs: number,
  sending: { firstEventMs: number; closesBeforeMs: number },
): WindowedLatencies {
  const requestsByWindow = new Map<number, number[]>();
  for (const t of eventTimesMs) {
    const start = t - (t % windowMs);
    const list = requestsByWindow.get(start);
    if (list === undefined) requestsByWindow.set(start, [t]);
    else list.push(t);
  }
  const first: number[] = [];
  const final: number[] = [];
  let windows = 0;
  for (const [start, panes] of panesByWindow(file)) {
    const requests = requestsByWindow.get(start);
    const inside = start >= sending.firstEventMs && start + windowMs <= sending.closesBeforeMs;
    if (requests === undefined || !inside) continue;
    windows++;
    requests.sort((a, b) => a - b);
    const finalPane = panes.find((pane) => pane.final) ?? panes[panes.length - 1];
    let pane = 0;
    requests.forEach((t, i) => {
      while (pane < panes.length - 1 && panes[pane].records <= i) pane++;
      first.push(panes[pane].emittedMs - t);
      final.push(finalPane.emittedMs - t);
    });
  }
  return { firstPane: summarise(first), finalPane: summarise(final), windows };
}

/** Latency of each outlier record: emittedAt − the request's event time. */
export function outlierLatencies(file: string): LatencySummary | undefined {
  const results = readLines(file) as { eventTimeMs: number; emittedAt: string }[];
  return summarise(results.map((result) => Date.parse(result.emittedAt) - result.eventTimeMs));
}
