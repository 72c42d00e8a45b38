import * as fs from "fs";

/** A deterministic pseudo-random sequence (mulberry32), so a generated log is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WindowedLogShape {
  windows: number;
  recordsPerWindow: number;
  /** Share of records placed 1.5 s later in the log than their timestamp (out of order); 0: in order. */
  outOfOrderShare: number;
}

/**
 * A recorded log of kcat -J records on two partitions of topic `log`, plain
 * JSON bodies `{x, c}` (x ∈ 0…99, c ∈ a…e), `recordsPerWindow` per 10 s of
 * record time from 2026-01-01, for specs with `input: {format: json}` and
 * 10 s windows (WINDOWED_LOG_SPEC).
 */
export function writeWindowedLog(file: string, shape: WindowedLogShape): void {
  const random = seededRandom(7);
  const startMs = Date.UTC(2026, 0, 1);
  const records: { shownMs: number; timestampMs: number }[] = [];
  for (let window = 0; window < shape.windows; window++) {
    for (let i = 0; i < shape.recordsPerWindow; i++) {
      const timestampMs = startMs + window * 10_000 + Math.floor((i * 10_000) / shape.recordsPerWindow);
      const late = random() < shape.outOfOrderShare;
      records.push({ shownMs: timestampMs + (late ? 1500 : 0), timestampMs });
    }
  }
  records.sort((a, b) => a.shownMs - b.shownMs);
  const offsets = [0, 0];
  const lines = records.map(({ timestampMs }, i) => {
    const partition = i % 2;
    const payload = JSON.stringify({ x: Math.floor(random() * 100), c: "abcde"[Math.floor(random() * 5)] });
    const offset = offsets[partition]++;
    return JSON.stringify({
      topic: "log",
      partition,
      offset,
      ts: timestampMs,
      headers: [],
      key: null,
      payload,
    });
  });
  fs.writeFileSync(file, lines.join("\n") + "\n");
}

/** The spec lines every reader of a windowed log shares: model, features, input format. */
export const WINDOWED_LOG_SPEC = [
  "model: kills",
  "features: [{name: x, type: numerical, path: x}, {name: c, type: categorical, path: c}]",
  "input: {format: json}",
];
