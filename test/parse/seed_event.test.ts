import * as assert from "assert";
import type { RawEvent } from "../../transforms/parse/raw_event";
import { decodeSeedEvent } from "../../transforms/parse/seed_event";
import {
  REQUEST_TYPE,
  irisSpec,
  kafkaEvent,
  kserveHeaders,
  onlyDeadLetter,
  parseWith,
  recordsOf,
} from "./events";

const spec = irisSpec("seed");
/** Unix time 1600000000 is 2020-09-13T12:26:40Z; .123 s more is 1600000000123 ms. */
const SEED_TIME_MS = 1_600_000_000_123;
const seedRequest = {
  type: "request",
  id: "a1b2c3",
  time: 1600000000.123,
  payload: {
    instances: [
      [6.8, 2.8, 4.8, 1.4],
      [6.0, 3.4, 4.5, 1.6],
    ],
  },
};
const seedResponse = { type: "response", id: "a1b2c3", time: 1600000000, payload: { predictions: [1, 2] } };

const decode = (event: RawEvent) => parseWith(decodeSeedEvent, event, spec);
const recordedLine = (body: unknown): RawEvent => ({
  value: JSON.stringify(body),
  headers: {},
  origin: { file: "seed.jsonl", line: 1 },
});

describe("seed input: the reference system's logger format", () => {
  it("gives request records at the event's own time (fractional Unix seconds) when the record has none", () => {
    const records = recordsOf(decode(recordedLine(seedRequest)));
    assert.deepStrictEqual(
      records.map((r) => [r.requestId, r.instance, r.part, r.eventTimeMs, r.features.petal_length]),
      [
        ["a1b2c3", 0, "request", SEED_TIME_MS, 4.8],
        ["a1b2c3", 1, "request", SEED_TIME_MS, 4.5],
      ],
    );
  });

  it("gives response records with predictions, at the Kafka record timestamp when there is one", () => {
    const records = recordsOf(decode(kafkaEvent(seedResponse, {}, 42)));
    assert.deepStrictEqual(
      records.map((r) => [r.requestId, r.instance, r.part, r.eventTimeMs, r.features, r.prediction]),
      [
        ["a1b2c3", 0, "response", 42, {}, "1"],
        ["a1b2c3", 1, "response", 42, {}, "2"],
      ],
    );
  });

  it("accepts an RFC 3339 time and a payload that is a string of JSON, as an earlier logger wrote them", () => {
    const older = {
      ...seedRequest,
      time: "2020-09-13T12:26:40.123Z",
      payload: JSON.stringify(seedRequest.payload),
    };
    assert.deepStrictEqual(
      recordsOf(decode(recordedLine(older))),
      recordsOf(decode(recordedLine(seedRequest))),
    );
  });

  it("reads the message inside the CloudEvent headers the seed logger's Kafka sender adds", () => {
    const event = kafkaEvent(seedResponse, kserveHeaders(REQUEST_TYPE, "ce-id-unused"), 42);
    const records = recordsOf(decode(event));
    assert.deepStrictEqual(
      records.map((r) => [r.requestId, r.part]),
      [
        ["a1b2c3", "response"],
        ["a1b2c3", "response"],
      ],
    );
  });

  it("rejects a type other than request or response, and a time that is not one", () => {
    const explanation = onlyDeadLetter(
      decode(recordedLine({ ...seedRequest, type: "explanation" })),
      "unknown-event-type",
    );
    assert.strictEqual(
      explanation.detail,
      'seed event type "explanation" is neither "request" nor "response"',
    );
    const badTime = onlyDeadLetter(decode(recordedLine({ ...seedRequest, time: "soon" })), "bad-timestamp");
    assert.strictEqual(badTime.detail, 'seed time "soon" is not a time of the years 0001–9999');
  });
});
