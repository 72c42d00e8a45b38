import * as fs from "fs";
import { seededRandom } from "../../examples/flights/seeded_random";

/** Numerical feature i ~ Normal(10·i, 1 + i); z-scores above 3 (the zscore detector) occur in ~0.27 % of values. */
export const NUMERICAL_FEATURES = Array.from({ length: 10 }, (_, i) => `f${i}`);
/** c0 from 20 categories, c1 from 5; a request's c0 is unseen in training with probability UNSEEN_SHARE. */
export const CATEGORICAL_FEATURES = ["c0", "c1"];
const CATEGORY_COUNTS = [20, 5];
const UNSEEN_SHARE = 0.005;

/** One instance as a record of named fields; `serving` adds unseen categories. */
const instanceGenerator = (seed: number, serving: boolean) => {
  const uniform = seededRandom(seed);
  // Box–Muller: a standard normal from two uniforms.
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return (): Record<string, number | string> => {
    const record: Record<string, number | string> = {};
    NUMERICAL_FEATURES.forEach((name, i) => (record[name] = 10 * i + (1 + i) * normal()));
    CATEGORICAL_FEATURES.forEach((name, i) => {
      const unseen = serving && i === 0 && uniform() < UNSEEN_SHARE;
      record[name] = unseen ? "unseen" : `${name}-${Math.floor(uniform() * CATEGORY_COUNTS[i])}`;
    });
    return record;
  };
};

/** Training data for the baseline job: a CSV with one column per feature. */
export function writeTrainingCsv(file: string, rows: number): void {
  const next = instanceGenerator(1, false);
  const columns = [...NUMERICAL_FEATURES, ...CATEGORICAL_FEATURES];
  const lines = [columns.join(",")];
  for (let row = 0; row < rows; row++) {
    const record = next();
    lines.push(columns.map((column) => record[column]).join(","));
  }
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
}

/** Lines written per write call, so that a large request file is never one string. */
const LINES_PER_WRITE = 10_000;

const writeLines = (file: string, count: number, line: (index: number) => string): void => {
  const fd = fs.openSync(file, "w");
  try {
    let lines: string[] = [];
    for (let index = 0; index < count; index++) {
      lines.push(line(index));
      if (lines.length === LINES_PER_WRITE || index === count - 1) {
        fs.writeSync(fd, `${lines.join("\n")}\n`);
        lines = [];
      }
    }
  } finally {
    fs.closeSync(fd);
  }
};

/** The request bodies, in order: plain JSON (input format `json`) with an `id`. */
const requestBodies = () => {
  const next = instanceGenerator(2, true);
  return (index: number) => JSON.stringify({ id: `r${index}`, ...next() });
};

/** Requests as `model-monitor produce` replays them: one bare body per line. */
export function writeRequests(file: string, requests: number): void {
  writeLines(file, requests, requestBodies());
}

/**
 * The same requests as a recorded topic (kcat -C -J records, the `file` source's form) as if sent at
 * `ratePerSecond` from `startMs`: record timestamp = send time, one partition.
 */
export function writeRecordedRequests(
  file: string,
  requests: number,
  ratePerSecond: number,
  startMs: number,
): void {
  const body = requestBodies();
  writeLines(file, requests, (index) =>
    JSON.stringify({
      topic: "inference-log",
      partition: 0,
      offset: index,
      tstype: "create",
      ts: startMs + Math.floor((index * 1000) / ratePerSecond),
      headers: [],
      key: null,
      payload: body(index),
    }),
  );
}
