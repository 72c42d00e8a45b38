import type { ParseResult } from "./event_decoder";
import { inputDecoder } from "./input_decoders";
import type { ParseSpec } from "./parse_spec";
import type { RawEvent } from "./raw_event";

/**
 * One inference-log event → its records (one per instance) and dead letters
 * (input that could not become records, with the reason, where, and the raw
 * text), decoded as the spec's `input.format` says. Never throws: bad input
 * is reported, not dropped, and never stops the job. `nowMs` stamps the dead
 * letters' `emittedAt`.
 *
 * A DoFn can call this directly: everything it reaches survives Beam's
 * closure serialization without registering modules, because this folder
 * keeps to what ts-closure-transform 0.1.8 and serialize-closures handle —
 * no classes; only JavaScript builtins as globals (no Buffer, TextDecoder);
 * no array-destructuring declarations (`const [a, b] = …` keeps only `a`);
 * no use of an `export const` inside its own module; and a function holding
 * a closure that captures anything is a const arrow function, because a
 * function declaration's inner lambdas go through module-level temporaries
 * that its serialized form lacks. test/parse/serialization.test.ts checks.
 */
export function parseEvent(event: RawEvent, spec: ParseSpec, nowMs: number): ParseResult {
  return inputDecoder(spec.input.format)(event, spec, nowMs);
}
