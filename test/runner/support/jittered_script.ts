import { mulberry32 } from "../../../transforms/statistics/mulberry32";

/**
 * A testStream script of `count` events {key, value} over keys a–e, one every
 * `spacingMs` of event time, each arriving up to `maxJitterMs` out of order
 * (seeded, so the script is the same on every run), with a processing-time
 * line every `bundleSize` events to cut bundles.
 */
export function jitteredScript(
  count: number,
  spacingMs: number,
  maxJitterMs: number,
  bundleSize: number,
): string {
  let state = 20260101;
  const next = () => {
    const step = mulberry32(state);
    state = step.state;
    return step.output;
  };
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const timestampMs = i * spacingMs + (next() % (maxJitterMs + 1)) - maxJitterMs;
    const event = { key: "abcde"[next() % 5], value: next() % 100 };
    lines.push(JSON.stringify({ event, timestampMs }));
    if ((i + 1) % bundleSize === 0) lines.push(JSON.stringify({ processingTimeMs: i }));
  }
  return lines.join("\n") + "\n";
}
