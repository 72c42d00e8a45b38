import * as fs from "fs";
import * as path from "path";

const EXAMPLE = path.resolve(__dirname, "../../../examples/flights");
const WINDOW_MS = 60_000;
/** The request instance's columns, as examples/flights/monitor.yaml names them by position. */
export const COLUMNS = ["distance", "departure_hour", "delay", "origin", "destination"];
export const PREDICTION = "predicted_delay";

/**
 * The flights example's log read without the job's parser: the number of
 * requests and, per feature (and the prediction), per window start (1-minute
 * windows of the record timestamp), the values logged.
 */
export function loggedValues(): { requests: number; values: Map<string, Map<number, (number | string)[]>> } {
  const values = new Map<string, Map<number, (number | string)[]>>();
  const record = (feature: string, windowStartMs: number, value: number | string) => {
    const perWindow = values.get(feature) ?? values.set(feature, new Map()).get(feature)!;
    perWindow.set(windowStartMs, [...(perWindow.get(windowStartMs) ?? []), value]);
  };
  let requests = 0;
  const lines = fs.readFileSync(path.join(EXAMPLE, "inference_log.jsonl"), "utf8").trimEnd().split("\n");
  for (const line of lines) {
    const kcat = JSON.parse(line) as { ts: number; headers: string[]; payload: string };
    const type = kcat.headers[kcat.headers.indexOf("ce_type") + 1];
    const body = JSON.parse(kcat.payload) as { instances?: (number | string)[][]; predictions?: number[] };
    const windowStartMs = Math.floor(kcat.ts / WINDOW_MS) * WINDOW_MS;
    if (type.endsWith(".request")) {
      requests += 1;
      for (const instance of body.instances!)
        COLUMNS.forEach((column, i) => record(column, windowStartMs, instance[i]));
    } else {
      for (const prediction of body.predictions!) record(PREDICTION, windowStartMs, prediction);
    }
  }
  return { requests, values };
}
