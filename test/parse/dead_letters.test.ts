import * as assert from "assert";
import type { DeadLetter, DeadLetterReason } from "../../transforms/parse/inference_record";
import type { ParseSpec } from "../../transforms/parse/parse_spec";
import type { RawEvent } from "../../transforms/parse/raw_event";
import {
  KAFKA_ORIGIN,
  NOW_ISO,
  NOW_MS,
  REQUEST_TYPE,
  irisSpec,
  kafkaEvent,
  kserveHeaders,
  onlyDeadLetter,
  parse,
} from "./events";

const IRIS_ROW = [6.8, 2.8, 4.8, 1.4];
const requestHeaders = kserveHeaders(REQUEST_TYPE, "r-1");

/** The event's only dead letter, checked to point at the event and carry its whole text. */
function rejected(event: RawEvent, spec: ParseSpec, reason: DeadLetterReason): DeadLetter {
  const letter = onlyDeadLetter(parse(event, spec), reason);
  assert.strictEqual(letter.kind, "deadletter");
  assert.deepStrictEqual(letter.source, event.origin);
  assert.strictEqual(letter.raw, event.value);
  assert.strictEqual(letter.emittedAt, NOW_ISO);
  return letter;
}

describe("dead letters: one per reason, saying what and where", () => {
  it("bad-json: a body that is not JSON, kept whole", () => {
    const event = kafkaEvent('{"instances": [[6.8, 2.8,', requestHeaders, 1);
    // After the prefix comes V8's own message, which differs between Node versions.
    assert.match(rejected(event, irisSpec("kserve"), "bad-json").detail, /^message body is not JSON: \S/);
    const badData = kafkaEvent({ specversion: "1.0", id: "a", type: REQUEST_TYPE, data: "{nope" });
    assert.match(rejected(badData, irisSpec("kserve"), "bad-json").detail, /^CloudEvent data is not JSON: /);
  });

  it("bad-envelope: a structured CloudEvent without data, or with data_base64 that is not base64", () => {
    const envelope = { specversion: "1.0", id: "a", type: REQUEST_TYPE, source: "s" };
    const noData = rejected(kafkaEvent(envelope), irisSpec("kserve"), "bad-envelope");
    assert.strictEqual(noData.detail, "the CloudEvent has neither data nor data_base64");
    const notBase64 = rejected(
      kafkaEvent({ ...envelope, data_base64: "%%%" }),
      irisSpec("oip"),
      "bad-envelope",
    );
    assert.strictEqual(notBase64.detail, "CloudEvent data_base64 is not base64 of UTF-8 text");
    const numericId = rejected(
      kafkaEvent({ ...envelope, id: 7, data: {} }),
      irisSpec("kserve"),
      "bad-envelope",
    );
    assert.strictEqual(numericId.detail, "CloudEvent attribute id is 7, not a string");
  });

  it("unknown-event-type: a CloudEvent type that is neither KServe request nor response", () => {
    const headers = { ...requestHeaders, ce_type: "org.kubeflow.serving.inference.explanation" };
    const letter = rejected(
      kafkaEvent({ instances: [IRIS_ROW] }, headers, 1),
      irisSpec("kserve"),
      "unknown-event-type",
    );
    assert.strictEqual(
      letter.detail,
      'CloudEvent type "org.kubeflow.serving.inference.explanation" is neither ' +
        "org.kubeflow.serving.inference.request nor org.kubeflow.serving.inference.response",
    );
  });

  it("bad-shape: not an object, no or empty instances, a tensor whose data does not fill its shape", () => {
    const cases: [RawEvent, ParseSpec, string][] = [
      [
        kafkaEvent([IRIS_ROW], requestHeaders, 1),
        irisSpec("kserve"),
        'a v1 request body is a JSON object with "instances", not [[6.8,2.8,4.8,1.4]]',
      ],
      [
        kafkaEvent({ inputs: [IRIS_ROW] }, requestHeaders, 1),
        irisSpec("kserve"),
        'the v1 request body has no "instances" array',
      ],
      [
        kafkaEvent({ instances: [] }, requestHeaders, 1),
        irisSpec("kserve"),
        `the v1 request body's "instances" is empty`,
      ],
      [
        kafkaEvent({ rows: [] }, {}, 1),
        irisSpec("kserve"),
        'a v1 body without an event type needs "instances" (a request) or "predictions" (a response)',
      ],
      [
        kafkaEvent({ inputs: [{ name: "input-0", shape: [2, 4], datatype: "FP32", data: IRIS_ROW }] }, {}, 1),
        irisSpec("oip"),
        'input 0 "input-0": shape [2,4] holds 8 values but data has 4',
      ],
      [
        kafkaEvent({ inputs: [{ name: "x", shape: [2, -1], datatype: "FP32", data: [] }] }, {}, 1),
        irisSpec("oip"),
        'input 0 "x": shape [2,-1] is not a list of sizes',
      ],
      [
        kafkaEvent({ type: "request", id: "a", payload: 5 }, {}, 1),
        irisSpec("seed"),
        'a v1 request body is a JSON object with "instances", not 5',
      ],
      [
        kafkaEvent("null", {}, 1),
        irisSpec("json"),
        "a JSON event is an object or a non-empty array of them, not null",
      ],
    ];
    for (const [event, spec, detail] of cases)
      assert.strictEqual(rejected(event, spec, "bad-shape").detail, detail);
  });

  it("bad-shape for a categorical value that is a list or object, for that instance only", () => {
    const spec: ParseSpec = {
      ...irisSpec("kserve"),
      features: [{ name: "colour", type: "categorical", path: "c" }],
    };
    const result = parse(kafkaEvent({ instances: [{ c: "red" }, { c: ["red"] }] }, requestHeaders, 1), spec);
    assert.deepStrictEqual(
      result.records.map((r) => r.features),
      [{ colour: "red" }],
    );
    assert.deepStrictEqual(
      result.deadLetters.map((letter) => [letter.reason, letter.detail, letter.source]),
      [
        [
          "bad-shape",
          'instance 1: feature "colour" is ["red"], not a category (a string, number or boolean)',
          KAFKA_ORIGIN,
        ],
      ],
    );
  });

  it("non-numeric-value: names the feature, the instance and the value; the other instances stay records", () => {
    const body = '{"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, true, 1.6], [5.0, 1e400, 1, 1]]}';
    const result = parse(kafkaEvent(body, requestHeaders, 1), irisSpec("kserve"));
    assert.deepStrictEqual(
      result.records.map((r) => r.instance),
      [0],
    );
    assert.deepStrictEqual(
      result.deadLetters.map((letter) => [letter.reason, letter.detail, letter.source]),
      [
        [
          "non-numeric-value",
          'instance 1: feature "petal_length" is true, not a finite number',
          KAFKA_ORIGIN,
        ],
        // JSON.parse reads 1e400 as Infinity; the detail names it rather than printing null.
        [
          "non-numeric-value",
          'instance 2: feature "sepal_width" is Infinity, not a finite number',
          KAFKA_ORIGIN,
        ],
      ],
    );
    const prediction = parse(
      kafkaEvent(
        { predictions: ["setosa"] },
        kserveHeaders("org.kubeflow.serving.inference.response", "r-1"),
        1,
      ),
      {
        ...irisSpec("kserve"),
        prediction: { name: "score", type: "numerical" },
      },
    );
    assert.strictEqual(
      onlyDeadLetter(prediction, "non-numeric-value").detail,
      'instance 0: prediction "score" is "setosa", not a finite number',
    );
  });

  it("missing-timestamp: no record timestamp and no time of its own, or no event-time field", () => {
    const bare = {
      value: JSON.stringify({ instances: [IRIS_ROW] }),
      headers: {},
      origin: { file: "log.jsonl", line: 8 },
    };
    assert.strictEqual(
      rejected(bare, irisSpec("kserve"), "missing-timestamp").detail,
      "the record has no timestamp and the event no time of its own (CloudEvent time, seed time)",
    );
    const noField = kafkaEvent({ instances: [IRIS_ROW], meta: {} }, requestHeaders, 1);
    assert.strictEqual(
      rejected(noField, irisSpec("kserve", "meta.sentAt"), "missing-timestamp").detail,
      'the event has no event-time field "meta.sentAt"',
    );
  });

  it("bad-timestamp: an event-time field, ce time or record timestamp that is not a time", () => {
    const withSentAt = (sentAt: unknown) => kafkaEvent({ instances: [IRIS_ROW], sentAt }, requestHeaders, 1);
    const cases: [unknown, string][] = [
      [
        "yesterday",
        'event-time field "sentAt" is "yesterday", not epoch milliseconds or an ISO-8601 time of the years 0001–9999',
      ],
      [
        "2026-02-30T00:00:00Z",
        'event-time field "sentAt" is "2026-02-30T00:00:00Z", not epoch milliseconds or an ISO-8601 time of the years 0001–9999',
      ],
      [
        1e20,
        'event-time field "sentAt" is 100000000000000000000, not epoch milliseconds or an ISO-8601 time of the years 0001–9999',
      ],
      [
        true,
        'event-time field "sentAt" is true, not epoch milliseconds or an ISO-8601 time of the years 0001–9999',
      ],
      // A Date holds it, but a window's end after it does not: it crashed the sink on every restart.
      [
        8.64e15,
        'event-time field "sentAt" is 8640000000000000, not epoch milliseconds or an ISO-8601 time of the years 0001–9999',
      ],
      [
        "+010000-01-01T00:00:00Z",
        'event-time field "sentAt" is "+010000-01-01T00:00:00Z", not epoch milliseconds or an ISO-8601 time of the years 0001–9999',
      ],
    ];
    for (const [sentAt, detail] of cases) {
      assert.strictEqual(
        rejected(withSentAt(sentAt), irisSpec("kserve", "sentAt"), "bad-timestamp").detail,
        detail,
      );
    }
    const badCeTime = kafkaEvent(
      { instances: [IRIS_ROW] },
      { ...requestHeaders, ce_time: "Thu, 01 Jan 2026 00:00:03 GMT" },
    );
    assert.strictEqual(
      rejected(badCeTime, irisSpec("kserve"), "bad-timestamp").detail,
      'CloudEvent time "Thu, 01 Jan 2026 00:00:03 GMT" is not a time of the years 0001–9999',
    );
    const badRecordTime = kafkaEvent({ instances: [IRIS_ROW] }, requestHeaders, Number.NaN);
    assert.strictEqual(
      rejected(badRecordTime, irisSpec("kserve"), "bad-timestamp").detail,
      "record timestamp NaN is not an epoch-ms time of the years 0001–9999",
    );
  });

  it("future-timestamp: an event time more than input.maxFutureSkew (5 min) ahead of the clock", () => {
    const at = (timestampMs: number) => kafkaEvent({ instances: [IRIS_ROW] }, requestHeaders, timestampMs);
    assert.strictEqual(
      parse(at(NOW_MS + 300_000), irisSpec("kserve")).records.length,
      1,
      "5 min ahead is accepted",
    );
    assert.strictEqual(
      rejected(at(NOW_MS + 300_001), irisSpec("kserve"), "future-timestamp").detail,
      "event time 2026-01-02T00:05:00.001Z is 300001 ms ahead of the clock (2026-01-02T00:00:00.000Z), " +
        "more than input.maxFutureSkew (300000 ms)",
    );
  });
});
