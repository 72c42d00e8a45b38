import * as beam from "apache-beam";
import { requireForSerialization } from "apache-beam/serialization";
import type { DeadLetter, InferenceRecord } from "./inference_record";
import * as parseEventModule from "./parse_event";
import type { ParseSpec } from "./parse_spec";
import type { RawEvent } from "./raw_event";

// The parse DoFn reaches parseEvent as a reference to this module, not as a serialized copy: a copy is
// rebuilt from source text on the worker, and every call inside it then goes through serialize-closures'
// thunks (`impl.apply(this, arguments)`, ~50 per record), a quarter of the job's time.
requireForSerialization("beam-model-monitor/transforms/parse/parse_event", parseEventModule);

export type ParsedLog = {
  records: beam.PCollection<InferenceRecord>;
  /** Events that could not be read, decoded or timestamped, each with its reason and origin. */
  deadLetters: beam.PCollection<DeadLetter>;
};

type Parsed = { records: InferenceRecord } | { deadLetters: DeadLetter };

/**
 * Raw events → one record per instance, decoded as the spec's `input` says.
 * Dead letters from the source (unreadable recorded lines) pass through with
 * those parsing makes, so every bad input leaves the job as a dead letter.
 */
export function parseInferenceLog(
  spec: ParseSpec,
): beam.PTransform<beam.PCollection<RawEvent | DeadLetter>, ParsedLog> {
  const parseSpec: ParseSpec = {
    model: spec.model,
    features: spec.features,
    prediction: spec.prediction,
    input: spec.input,
  };
  return beam.withName(
    "parseInferenceLog",
    (events: beam.PCollection<RawEvent | DeadLetter>) =>
      events
        .flatMap(
          beam.withName("parseEvent", function* (event: RawEvent | DeadLetter): Generator<Parsed> {
            if ("kind" in event) {
              yield { deadLetters: event };
              return;
            }
            const parsed = parseEventModule.parseEvent(event, parseSpec, Date.now());
            for (const record of parsed.records) yield { records: record };
            for (const deadLetter of parsed.deadLetters) yield { deadLetters: deadLetter };
          }),
        )
        .apply(beam.split<Parsed>(["records", "deadLetters"])) as unknown as ParsedLog,
  );
}
