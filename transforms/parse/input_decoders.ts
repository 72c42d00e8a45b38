import type { InputSpec } from "../../pipelines/spec/schema";
import type { EventDecoder } from "./event_decoder";
import { decodeJsonEvent } from "./json_event";
import { decodeKserveEvent } from "./kserve_event";
import { decodeOipEvent } from "./oip_event";
import { decodeSeedEvent } from "./seed_event";

export type InputFormat = InputSpec["format"];

/** One decoder per input format, by the name a spec's `input.format` gives it. Adding a format: one file, one line here. */
const INPUT_DECODERS: Record<InputFormat, EventDecoder> = {
  kserve: decodeKserveEvent,
  oip: decodeOipEvent,
  seed: decodeSeedEvent,
  json: decodeJsonEvent,
};

export function inputDecoder(format: InputFormat): EventDecoder {
  return INPUT_DECODERS[format];
}
