import { MAX_LINE_BYTES, isOverlong, overlongDetail, readLines } from "../read_lines";
import { deadLetter, parseProblem } from "../../parse/dead_letter";
import type { DeadLetter } from "../../parse/inference_record";
import type { RawEvent } from "../../parse/raw_event";
import { recordedLineEvent } from "../../parse/recorded_log";

/** A line of a recorded log as a source element; `partition` names the Kafka partition of a timestamped kcat record. */
export interface RecordedElement {
  element: RawEvent | DeadLetter;
  timestampMs?: number;
  partition?: string;
}

/*
 * kcat -J prints topic and partition as top-level keys. Any other occurrence
 * of these names in a line is inside a JSON string (payload, headers, key),
 * where its quotes are escaped, so these patterns only match the record's own.
 */
const TOPIC = /"topic"\s*:\s*"((?:[^"\\]|\\.)*)"/;
const PARTITION = /"partition"\s*:\s*(-?\d+)/;

/**
 * The elements of a recorded inference log (see recordedLineEvent for the
 * line forms): a kcat record carries its record timestamp, a bare body none,
 * and a line that cannot be read becomes a dead letter stamped at `nowMs()`
 * — also a line longer than MAX_LINE_BYTES, which is never held whole.
 */
export function* recordedElements(
  file: string,
  nowMs: () => number,
  maxLineBytes = MAX_LINE_BYTES,
): Generator<RecordedElement> {
  for (const numbered of readLines(file, maxLineBytes)) {
    if (isOverlong(numbered)) {
      const problem = parseProblem("line-too-long", overlongDetail(numbered, maxLineBytes));
      yield { element: deadLetter(problem, numbered.head, { file, line: numbered.line }, nowMs()) };
      continue;
    }
    const { text, line } = numbered;
    const element = recordedLineEvent(text, { file, line }, nowMs());
    if (element === undefined) continue;
    if ("kind" in element || element.timestampMs === undefined) {
      yield { element };
      continue;
    }
    const topic = TOPIC.exec(text)?.[1];
    const partition = PARTITION.exec(text)?.[1];
    yield { element, timestampMs: element.timestampMs, partition: `${topic}/${partition}` };
  }
}
