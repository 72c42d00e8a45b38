import * as assert from "assert";
import { decodeOipEvent } from "../../transforms/parse/oip_event";
import type { ParseSpec } from "../../transforms/parse/parse_spec";
import type { RawEvent } from "../../transforms/parse/raw_event";
import { RESPONSE_TYPE, kafkaEvent, kserveHeaders, onlyDeadLetter, parseWith, recordsOf } from "./events";

const RECORD_MS = Date.UTC(2026, 0, 1, 0, 0, 3, 458);

/** sklearn-iris on KServe's v2 protocol: four inputs per row in one [N, 4] tensor, the class in output "predict". */
function irisOipSpec(paths: (string | number)[]): ParseSpec {
  return {
    model: "sklearn-v2-iris",
    features: ["sepal_length", "sepal_width", "petal_length", "petal_width"].map((name, i) => ({
      name,
      type: "numerical" as const,
      path: paths[i],
    })),
    prediction: { name: "iris_class", type: "categorical", path: "predict" },
    input: { format: "oip", eventTime: "record-timestamp" },
  };
}
const byColumn = irisOipSpec([0, 1, 2, 3]);

const FLAT_REQUEST = {
  id: "823248cc-d770-4a51-9606-16803395569c",
  inputs: [
    { name: "input-0", shape: [2, 4], datatype: "FP32", data: [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6] },
  ],
};
const IRIS_ROWS = [
  { sepal_length: 6.8, sepal_width: 2.8, petal_length: 4.8, petal_width: 1.4 },
  { sepal_length: 6.0, sepal_width: 3.4, petal_length: 4.5, petal_width: 1.6 },
];

const decode = (event: RawEvent, spec: ParseSpec) => parseWith(decodeOipEvent, event, spec);

describe("oip input: Open Inference Protocol (KServe v2) bodies", () => {
  it("gives one record per row of a [2, 4] FP32 request tensor, columns addressed by number", () => {
    const records = recordsOf(decode(kafkaEvent(FLAT_REQUEST, {}, RECORD_MS), byColumn));
    assert.deepStrictEqual(records, [
      {
        requestId: FLAT_REQUEST.id,
        instance: 0,
        model: "sklearn-v2-iris",
        eventTimeMs: RECORD_MS,
        part: "request",
        features: IRIS_ROWS[0],
      },
      {
        requestId: FLAT_REQUEST.id,
        instance: 1,
        model: "sklearn-v2-iris",
        eventTimeMs: RECORD_MS,
        part: "request",
        features: IRIS_ROWS[1],
      },
    ]);
  });

  it("reads nested data as row-major too, and columns addressed as tensor[j]", () => {
    const nested = {
      inputs: [
        {
          name: "input-0",
          shape: [2, 4],
          datatype: "FP32",
          data: [
            [6.8, 2.8, 4.8, 1.4],
            [6.0, 3.4, 4.5, 1.6],
          ],
        },
      ],
      outputs: [{ name: "predict" }],
    };
    const byName = irisOipSpec(["input-0[0]", "input-0[1]", "input-0[2]", "input-0[3]"]);
    const records = recordsOf(decode(kafkaEvent(nested, {}, RECORD_MS), byName));
    assert.deepStrictEqual(
      records.map((r) => [r.part, r.features]),
      [
        ["request", IRIS_ROWS[0]],
        ["request", IRIS_ROWS[1]],
      ],
    );
  });

  it("reads one-column tensors by name, BYTES as categories, and a missing tensor or column as null", () => {
    const spec: ParseSpec = {
      model: "income",
      features: [
        { name: "age", type: "numerical" },
        { name: "country", type: "categorical" },
        { name: "hours", type: "numerical", path: "work[1]" },
        { name: "tenure", type: "numerical", path: "work[5]" },
        { name: "education", type: "categorical" },
      ],
      input: { format: "oip", eventTime: "record-timestamp" },
    };
    const request = {
      inputs: [
        { name: "age", shape: [2], datatype: "INT32", data: [41, 35] },
        { name: "country", shape: [2, 1], datatype: "BYTES", data: ["SE", "NO"] },
        { name: "work", shape: [2, 2], datatype: "FP64", data: [1, 40, 0, 32.5] },
      ],
    };
    const records = recordsOf(decode(kafkaEvent(request, {}, RECORD_MS), spec));
    assert.deepStrictEqual(
      records.map((r) => r.features),
      [
        { age: 41, country: "SE", hours: 40, tenure: null, education: null },
        { age: 35, country: "NO", hours: 32.5, tenure: null, education: null },
      ],
    );
  });

  it("takes the half from ce_type and the request id from ce_id when the KServe logger wraps the body", () => {
    const response = {
      model_name: "sklearn-v2-iris",
      id: "body-id-differs",
      parameters: null,
      outputs: [{ name: "predict", shape: [2], datatype: "INT64", parameters: null, data: [1, 2] }],
    };
    const event = kafkaEvent(response, kserveHeaders(RESPONSE_TYPE, "ce-request-id"), RECORD_MS);
    const records = recordsOf(decode(event, byColumn));
    assert.deepStrictEqual(
      records.map((r) => [r.requestId, r.instance, r.part, r.features, r.prediction]),
      [
        ["ce-request-id", 0, "response", {}, "1"],
        ["ce-request-id", 1, "response", {}, "2"],
      ],
    );
    const mislabelled = decode(
      kafkaEvent(FLAT_REQUEST, kserveHeaders(RESPONSE_TYPE, "x"), RECORD_MS),
      byColumn,
    );
    assert.strictEqual(
      onlyDeadLetter(mislabelled, "bad-shape").detail,
      'the response body has no "outputs" tensors',
    );
  });

  it("rejects a multi-column tensor addressed as one value, for that instance", () => {
    const spec: ParseSpec = {
      ...byColumn,
      features: [{ name: "whole_row", type: "numerical", path: "input-0" }],
    };
    const result = decode(kafkaEvent(FLAT_REQUEST, {}, RECORD_MS), spec);
    assert.deepStrictEqual(
      result.deadLetters.map((letter) => [letter.reason, letter.detail]),
      [
        ["non-numeric-value", 'instance 0: feature "whole_row" is [6.8,2.8,4.8,1.4], not a finite number'],
        ["non-numeric-value", 'instance 1: feature "whole_row" is [6,3.4,4.5,1.6], not a finite number'],
      ],
    );
  });

  it("requires every tensor of a body to have the same number of rows", () => {
    const request = {
      inputs: [
        { name: "a", shape: [2], datatype: "FP32", data: [1, 2] },
        { name: "b", shape: [3], datatype: "FP32", data: [1, 2, 3] },
      ],
    };
    const letter = onlyDeadLetter(decode(kafkaEvent(request, {}, RECORD_MS), byColumn), "bad-shape");
    assert.strictEqual(letter.detail, 'input "b" has 3 rows but "a" has 2');
  });
});
