import { isOverlong, overlongDetail, readLines } from "../read_lines";
import type { RawEvent } from "../../../transforms/parse/raw_event";

/**
 * One line of a testStream script (JSON lines):
 *
 * - `{"event": {...}, "timestampMs": N, "partition"?: "p"}` — an inference-log
 *   event with its record timestamp, read from a partition ("0" by default);
 * - `{"watermarkMs": N}` — advance the watermark to at least N;
 * - `{"processingTimeMs": N}` — advance the simulated processing-time clock to N.
 *
 * Each control line (watermark or processing time) ends a bundle.
 */
export type TestStreamStep =
  | { kind: "event"; event: RawEvent; timestampMs: number; partition: string }
  | { kind: "watermark"; watermarkMs: number; line: number }
  | { kind: "processingTime"; processingTimeMs: number; line: number };

/** A script line that is not one of the three forms, with its file and line. */
export class TestStreamScriptError extends Error {
  constructor(file: string, line: number, problem: string) {
    super(`testStream ${file}:${line}: ${problem}`);
    this.name = "TestStreamScriptError";
  }
}

const DIRECTIVES = ["event", "watermarkMs", "processingTimeMs"];

export function* testStreamSteps(file: string): Generator<TestStreamStep> {
  for (const numbered of readLines(file)) {
    if (isOverlong(numbered)) throw new TestStreamScriptError(file, numbered.line, overlongDetail(numbered));
    if (numbered.text.trim() !== "") yield testStreamStep(numbered.text, file, numbered.line);
  }
}

export function testStreamStep(text: string, file: string, line: number): TestStreamStep {
  const fail = (problem: string) => new TestStreamScriptError(file, line, problem);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw fail(`not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw fail("not a JSON object");
  const step = parsed as Record<string, unknown>;
  const directives = DIRECTIVES.filter((name) => Object.hasOwn(step, name));
  if (directives.length !== 1) {
    throw fail(`expected exactly one of ${DIRECTIVES.join(", ")}, got ${directives.join(", ") || "none"}`);
  }
  const timeField = (name: string): number => {
    const value = step[name];
    if (!Number.isSafeInteger(value))
      throw fail(`${name} must be an integer number of ms, got ${JSON.stringify(value)}`);
    return value as number;
  };
  switch (directives[0]) {
    case "watermarkMs":
      return { kind: "watermark", watermarkMs: timeField("watermarkMs"), line };
    case "processingTimeMs":
      return { kind: "processingTime", processingTimeMs: timeField("processingTimeMs"), line };
    default: {
      const timestampMs = timeField("timestampMs");
      const partition = step.partition ?? "0";
      if (typeof partition !== "string" && typeof partition !== "number") {
        throw fail(`partition must be a string or number, got ${JSON.stringify(partition)}`);
      }
      const event: RawEvent = {
        value: JSON.stringify(step.event),
        headers: {},
        timestampMs,
        origin: { file, line },
      };
      return { kind: "event", event, timestampMs, partition: String(partition) };
    }
  }
}
