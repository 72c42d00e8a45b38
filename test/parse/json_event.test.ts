import * as assert from "assert";
import { decodeJsonEvent } from "../../transforms/parse/json_event";
import type { ParseSpec } from "../../transforms/parse/parse_spec";
import type { RawEvent } from "../../transforms/parse/raw_event";
import { KAFKA_ORIGIN, kafkaEvent, onlyDeadLetter, parseWith, recordsOf } from "./events";

/** A loan model logging one flat JSON object per decision, prediction included. */
const spec: ParseSpec = {
  model: "loan",
  features: [
    { name: "income", type: "numerical" },
    { name: "region", type: "categorical", path: "applicant.region" },
  ],
  prediction: { name: "approved", type: "categorical" },
  input: { format: "json", eventTime: "decidedAt" },
};
const DECIDED_MS = Date.UTC(2026, 0, 1, 12);

const decode = (event: RawEvent, parseSpec: ParseSpec = spec) => parseWith(decodeJsonEvent, event, parseSpec);

describe("json input: plain JSON records with named fields", () => {
  it("gives one record with features and prediction (part both), its id and its event-time field", () => {
    const body = {
      id: "d-17",
      income: 52000,
      applicant: { region: "EU" },
      approved: true,
      decidedAt: DECIDED_MS,
    };
    assert.deepStrictEqual(recordsOf(decode(kafkaEvent(body))), [
      {
        requestId: "d-17",
        instance: 0,
        model: "loan",
        eventTimeMs: DECIDED_MS,
        part: "both",
        features: { income: 52000, region: "EU" },
        prediction: "true",
      },
    ]);
  });

  it("gives one record per element of an array, each with its own id and time, or an id from the origin", () => {
    const body = [
      { requestId: 7, income: 1, decidedAt: "2026-01-01T12:00:00Z" },
      { income: 2, decidedAt: String(DECIDED_MS + 1) },
    ];
    const records = recordsOf(decode(kafkaEvent(body)));
    assert.deepStrictEqual(
      records.map((r) => [r.requestId, r.instance, r.eventTimeMs, r.features.income, r.prediction]),
      [
        ["7", 0, DECIDED_MS, 1, null],
        [
          `${KAFKA_ORIGIN.topic}/${KAFKA_ORIGIN.partition}/${KAFKA_ORIGIN.offset}`,
          1,
          DECIDED_MS + 1,
          2,
          null,
        ],
      ],
    );
  });

  it("gives request records (features only) when the spec monitors no prediction", () => {
    const featuresOnly: ParseSpec = { ...spec, prediction: undefined };
    const records = recordsOf(decode(kafkaEvent({ income: 3, decidedAt: DECIDED_MS }), featuresOnly));
    assert.deepStrictEqual(
      records.map((r) => [r.part, r.features, "prediction" in r]),
      [["request", { income: 3, region: null }, false]],
    );
  });

  it("names the array element whose event time is missing, and still reads the others", () => {
    const body = [{ income: 1, decidedAt: DECIDED_MS }, { income: 2 }];
    const result = decode(kafkaEvent(body));
    assert.deepStrictEqual(
      result.records.map((r) => r.instance),
      [0],
    );
    assert.deepStrictEqual(
      result.deadLetters.map((letter) => [letter.reason, letter.detail]),
      [["missing-timestamp", 'instance 1: the event has no event-time field "decidedAt"']],
    );
  });

  it("keeps a feature named __proto__ as an ordinary field of the record, not its prototype", () => {
    const protoSpec: ParseSpec = {
      model: "odd",
      features: [{ name: "__proto__", type: "categorical", path: "kind" }],
      input: { format: "json", eventTime: "decidedAt" },
    };
    const features = recordsOf(decode(kafkaEvent({ kind: "x", decidedAt: DECIDED_MS }), protoSpec))[0]
      .features;
    assert.deepStrictEqual(Object.keys(features), ["__proto__"]);
    assert.strictEqual(features["__proto__"], "x");
    assert.strictEqual(Object.getPrototypeOf(features), Object.prototype);
  });

  it("rejects an array element that is not an object", () => {
    const letter = onlyDeadLetter(decode(kafkaEvent([{ income: 1 }, 5])), "bad-shape");
    assert.strictEqual(letter.detail, "element 1 of the JSON array is 5, not an object");
  });
});
