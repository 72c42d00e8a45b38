import * as assert from "assert";
import { decodeKserveEvent } from "../../transforms/parse/kserve_event";
import type { ParseSpec } from "../../transforms/parse/parse_spec";
import {
  IRIS_FEATURES,
  REQUEST_TYPE,
  RESPONSE_TYPE,
  irisSpec,
  kafkaEvent,
  kserveHeaders,
  onlyDeadLetter,
  parseWith,
  recordsOf,
} from "./events";

const spec = irisSpec("kserve");
const ID = "5bbb68f8-9894-4002-abe7-4aab25c0e171";
/** ce_time 2026-01-01T00:00:03.458Z; the record timestamp deliberately differs, to show which one is used. */
const CE_TIME_MS = Date.UTC(2026, 0, 1, 0, 0, 3, 458);
const RECORD_MS = CE_TIME_MS + 7;
const IRIS_REQUEST = {
  instances: [
    [6.8, 2.8, 4.8, 1.4],
    [6.0, 3.4, 4.5, 1.6],
  ],
};
const IRIS_RESPONSE = { predictions: [1, 1] };

const decode = (event: Parameters<typeof decodeKserveEvent>[0], parseSpec: ParseSpec = spec) =>
  parseWith(decodeKserveEvent, event, parseSpec);

describe("kserve input: KServe v1 inference-logger CloudEvents", () => {
  it("gives one request record per instance of a binary-mode request, at the Kafka record timestamp", () => {
    const records = recordsOf(decode(kafkaEvent(IRIS_REQUEST, kserveHeaders(REQUEST_TYPE, ID), RECORD_MS)));
    assert.deepStrictEqual(records, [
      {
        requestId: ID,
        instance: 0,
        model: "sklearn-iris",
        eventTimeMs: RECORD_MS,
        part: "request",
        features: { sepal_length: 6.8, sepal_width: 2.8, petal_length: 4.8, petal_width: 1.4 },
      },
      {
        requestId: ID,
        instance: 1,
        model: "sklearn-iris",
        eventTimeMs: RECORD_MS,
        part: "request",
        features: { sepal_length: 6.0, sepal_width: 3.4, petal_length: 4.5, petal_width: 1.6 },
      },
    ]);
  });

  it("gives response records with the i-th prediction under the same request id", () => {
    const records = recordsOf(decode(kafkaEvent(IRIS_RESPONSE, kserveHeaders(RESPONSE_TYPE, ID), RECORD_MS)));
    assert.deepStrictEqual(
      records.map((r) => [r.requestId, r.instance, r.part, r.features, r.prediction]),
      [
        [ID, 0, "response", {}, "1"],
        [ID, 1, "response", {}, "1"],
      ],
    );
  });

  it("reads HTTP-binding headers (Ce-Id, any case) and, with no record timestamp, the ce time", () => {
    const headers = {
      "Ce-Id": "http-1",
      "CE-TYPE": REQUEST_TYPE,
      "ce-time": "2026-01-01T01:00:03.458+01:00",
    };
    const records = recordsOf(decode(kafkaEvent(IRIS_REQUEST, headers)));
    assert.deepStrictEqual(
      records.map((r) => [r.requestId, r.instance, r.eventTimeMs]),
      [
        ["http-1", 0, CE_TIME_MS],
        ["http-1", 1, CE_TIME_MS],
      ],
    );
  });

  it("reads a structured-mode envelope whether data is an object, a JSON string or data_base64", () => {
    const envelope = {
      specversion: "1.0",
      id: ID,
      type: REQUEST_TYPE,
      source: "http://localhost:9081/",
      time: "2026-01-01T00:00:03.458Z",
      datacontenttype: "application/json",
    };
    const expected = recordsOf(decode(kafkaEvent(IRIS_REQUEST, kserveHeaders(REQUEST_TYPE, ID))));
    const base64 = Buffer.from(JSON.stringify(IRIS_REQUEST)).toString("base64");
    for (const data of [
      { data: IRIS_REQUEST },
      { data: JSON.stringify(IRIS_REQUEST) },
      { data_base64: base64 },
    ]) {
      const records = recordsOf(decode(kafkaEvent({ ...envelope, ...data })));
      assert.deepStrictEqual(records, expected, Object.keys(data)[0]);
      assert.strictEqual(records[0].eventTimeMs, CE_TIME_MS);
    }
  });

  it("finds object-instance features by field name, dotted path or a name with a dot, and predictions by path", () => {
    const objectSpec: ParseSpec = {
      model: "loan",
      features: [
        { name: "income", type: "numerical", path: "applicant.income" },
        { name: "region", type: "categorical", path: "geo.region" },
        { name: "age", type: "numerical" },
        { name: "first_score", type: "numerical", path: "scores.0" },
      ],
      prediction: { name: "approved_probability", type: "numerical", path: 1 },
      input: { format: "kserve", eventTime: "record-timestamp" },
    };
    const request = {
      instances: [{ applicant: { income: 52000 }, "geo.region": "EU", age: 41, scores: [0.2, 0.9] }],
    };
    const requestRecord = recordsOf(
      decode(kafkaEvent(request, kserveHeaders(REQUEST_TYPE, "r1"), 1), objectSpec),
    )[0];
    assert.deepStrictEqual(requestRecord.features, {
      income: 52000,
      region: "EU",
      age: 41,
      first_score: 0.2,
    });
    const response = { predictions: [[0.25, 0.75]] };
    const responseRecord = recordsOf(
      decode(kafkaEvent(response, kserveHeaders(RESPONSE_TYPE, "r1"), 2), objectSpec),
    )[0];
    assert.strictEqual(responseRecord.prediction, 0.75);
  });

  it("keeps instances with null or missing values, as nulls", () => {
    const request = { instances: [[5.1, null, 1.4], { not: "a row" }] };
    const records = recordsOf(decode(kafkaEvent(request, kserveHeaders(REQUEST_TYPE, ID), RECORD_MS)));
    assert.deepStrictEqual(
      records.map((r) => r.features),
      [
        { sepal_length: 5.1, sepal_width: null, petal_length: 1.4, petal_width: null },
        { sepal_length: null, sepal_width: null, petal_length: null, petal_width: null },
      ],
    );
  });

  it("accepts numbers written as decimal strings, and stringifies numeric and boolean categories", () => {
    const request = { instances: [["6.8", "-2.8e0", "+4.8", ".5"]] };
    const record = recordsOf(decode(kafkaEvent(request, kserveHeaders(REQUEST_TYPE, ID), RECORD_MS)))[0];
    assert.deepStrictEqual(record.features, {
      sepal_length: 6.8,
      sepal_width: -2.8,
      petal_length: 4.8,
      petal_width: 0.5,
    });
    const response = { predictions: [true, 2] };
    const records = recordsOf(decode(kafkaEvent(response, kserveHeaders(RESPONSE_TYPE, ID), RECORD_MS)));
    assert.deepStrictEqual(
      records.map((r) => r.prediction),
      ["true", "2"],
    );
  });

  it("turns only the instance with a non-numeric value into a dead letter; the others become records", () => {
    const request = {
      instances: [
        [6.8, 2.8, 4.8, 1.4],
        [6.0, "wide", 4.5, 1.6],
        [5.9, 3.0, 5.1, 1.8],
      ],
    };
    const event = kafkaEvent(request, kserveHeaders(REQUEST_TYPE, ID), RECORD_MS);
    const result = decode(event);
    assert.deepStrictEqual(
      result.records.map((r) => r.instance),
      [0, 2],
    );
    assert.strictEqual(result.deadLetters.length, 1);
    assert.strictEqual(result.deadLetters[0].reason, "non-numeric-value");
    assert.strictEqual(
      result.deadLetters[0].detail,
      'instance 1: feature "sepal_width" is "wide", not a finite number',
    );
    assert.strictEqual(result.deadLetters[0].raw, event.value);
  });

  it("tells a bare recorded body's half by its instances or predictions, and names it by its origin", () => {
    const bareSpec = irisSpec("kserve", "meta.sentAt");
    const body = { ...IRIS_REQUEST, meta: { sentAt: "2026-01-01T00:00:03.458Z" } };
    const event = { value: JSON.stringify(body), headers: {}, origin: { file: "log.jsonl", line: 3 } };
    const records = recordsOf(decode(event, bareSpec));
    assert.deepStrictEqual(
      records.map((r) => [r.requestId, r.instance, r.part, r.eventTimeMs]),
      [
        ["log.jsonl:3", 0, "request", CE_TIME_MS],
        ["log.jsonl:3", 1, "request", CE_TIME_MS],
      ],
    );
    const response = decode(
      { ...event, value: '{"predictions":[2]}' },
      irisSpec("kserve", "record-timestamp"),
    );
    assert.deepStrictEqual(onlyDeadLetter(response, "missing-timestamp").source, {
      file: "log.jsonl",
      line: 3,
    });
  });

  it("gives response records without a prediction when the spec monitors none", () => {
    const noPrediction: ParseSpec = {
      model: "m",
      features: IRIS_FEATURES,
      input: { format: "kserve", eventTime: "record-timestamp" },
    };
    const records = recordsOf(
      decode(kafkaEvent(IRIS_RESPONSE, kserveHeaders(RESPONSE_TYPE, ID), RECORD_MS), noPrediction),
    );
    assert.deepStrictEqual(records[0], {
      requestId: ID,
      instance: 0,
      model: "m",
      eventTimeMs: RECORD_MS,
      part: "response",
      features: {},
    });
  });
});
