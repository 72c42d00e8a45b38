import type { DeadLetter, DeadLetterReason, EventOrigin } from "./inference_record";

/**
 * Why (part of) an event cannot become records. Decoders throw it from deep
 * inside a body and catch it where the event (or the instance) is handled,
 * turning it into a dead letter; it never leaves the parse code.
 *
 * An Error with fields rather than an Error subclass: Beam serializes the
 * closures a DoFn reaches, and it cannot serialize a class, so parsing stays
 * usable from a DoFn without registering this module.
 */
export interface ParseProblem extends Error {
  reason: DeadLetterReason;
  detail: string;
}

export function parseProblem(reason: DeadLetterReason, detail: string): ParseProblem {
  return Object.assign(new Error(detail), { reason, detail });
}

export function isParseProblem(error: unknown): error is ParseProblem {
  return error instanceof Error && typeof (error as Partial<ParseProblem>).reason === "string";
}

/** Problems with the input become dead letters; any other error is a bug and keeps travelling. */
export function expectParseProblem(error: unknown): ParseProblem {
  if (isParseProblem(error)) return error;
  throw error;
}

export function deadLetter(
  problem: ParseProblem,
  raw: string,
  source: EventOrigin,
  nowMs: number,
): DeadLetter {
  return {
    kind: "deadletter",
    reason: problem.reason,
    detail: problem.detail,
    source,
    raw,
    emittedAt: new Date(nowMs).toISOString(),
  };
}

const QUOTED_VALUE_CHARS = 100;

/**
 * An offending value as a detail quotes it: JSON, except that non-finite
 * numbers keep their name (JSON.stringify would print `null`), cut short
 * because the whole event is in the dead letter's `raw` anyway.
 */
export function describeValue(value: unknown): string {
  const text = typeof value === "number" || value === undefined ? String(value) : JSON.stringify(value);
  return text.length <= QUOTED_VALUE_CHARS ? text : `${text.slice(0, QUOTED_VALUE_CHARS)}…`;
}
