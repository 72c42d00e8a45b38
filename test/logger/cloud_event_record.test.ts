import * as assert from "assert";
import { MalformedCloudEvent, cloudEventRecord } from "../../logger/cloud_event_record";

const RECEIVED_AT_MS = 1_000;
/** 2026-01-01T00:00:03.458Z: Date.UTC(2026, 0, 1, 0, 0, 3, 458). */
const EVENT_TIME_MS = 1767225603458;
const REQUEST_BODY = '{"instances":[[1055,1,-6,"LAS","DFW"]]}';

/** The headers KServe's logger sends with a request (binary mode), as Node presents them (lower case). */
const binaryHeaders = {
  host: "logger.default",
  "content-type": "application/json",
  "ce-specversion": "1.0",
  "ce-id": "5bbb68f8",
  "ce-source": "http://localhost:9081/",
  "ce-type": "org.kubeflow.serving.inference.request",
  "ce-time": "2026-01-01T00:00:03.458Z",
  "ce-inferenceservicename": "flight-delay",
};

const kafkaHeaders = {
  "content-type": "application/json",
  ce_specversion: "1.0",
  ce_id: "5bbb68f8",
  ce_source: "http://localhost:9081/",
  ce_type: "org.kubeflow.serving.inference.request",
  ce_time: "2026-01-01T00:00:03.458Z",
  ce_inferenceservicename: "flight-delay",
};

const structured = (envelope: object) =>
  cloudEventRecord(
    { "content-type": "application/cloudevents+json; charset=utf-8" },
    Buffer.from(JSON.stringify(envelope)),
    RECEIVED_AT_MS,
  );

const envelope = {
  specversion: "1.0",
  id: "5bbb68f8",
  source: "http://localhost:9081/",
  type: "org.kubeflow.serving.inference.request",
  time: "2026-01-01T00:00:03.458Z",
  inferenceservicename: "flight-delay",
  datacontenttype: "application/json",
};

function rejects(make: () => unknown, reason: RegExp) {
  assert.throws(make, (error: Error) => error instanceof MalformedCloudEvent && reason.test(error.message));
}

describe("an HTTP CloudEvent as the logger's Kafka record", () => {
  it("binary mode: ce-* headers become ce_* headers, the body the value, ce-time the timestamp, ce-id the key", () => {
    const record = cloudEventRecord(binaryHeaders, Buffer.from(REQUEST_BODY), RECEIVED_AT_MS);
    assert.deepStrictEqual(record, {
      key: "5bbb68f8",
      value: Buffer.from(REQUEST_BODY),
      headers: kafkaHeaders,
      timestampMs: EVENT_TIME_MS,
    });
  });

  it("an event without ce-time is stamped with its arrival", () => {
    const { "ce-time": _time, ...untimed } = binaryHeaders;
    assert.strictEqual(
      cloudEventRecord(untimed, Buffer.from(REQUEST_BODY), RECEIVED_AT_MS).timestampMs,
      1_000,
    );
  });

  it("structured mode: the same record as binary mode, for JSON data and for data_base64", () => {
    const expected = {
      key: "5bbb68f8",
      value: Buffer.from(REQUEST_BODY),
      headers: kafkaHeaders,
      timestampMs: EVENT_TIME_MS,
    };
    assert.deepStrictEqual(structured({ ...envelope, data: JSON.parse(REQUEST_BODY) }), expected);
    assert.deepStrictEqual(
      structured({ ...envelope, data_base64: Buffer.from(REQUEST_BODY).toString("base64") }),
      expected,
    );
    // Data given as a string of JSON stays that text (the job's parser reads it either way).
    assert.deepStrictEqual(structured({ ...envelope, data: REQUEST_BODY }), expected);
  });

  it("structured mode: integer and boolean extension attributes as text", () => {
    const record = structured({ ...envelope, data: {}, retries: 2, sampled: true });
    assert.deepStrictEqual([record.headers.ce_retries, record.headers.ce_sampled], ["2", "true"]);
  });

  it("rejects what is not a usable inference-log CloudEvent, saying why", () => {
    const body = Buffer.from(REQUEST_BODY);
    const { "ce-id": _id, "ce-source": _source, ...anonymous } = binaryHeaders;
    rejects(() => cloudEventRecord(anonymous, body, 0), /lacks required attributes ce-id, ce-source$/);
    rejects(
      () => cloudEventRecord({ ...binaryHeaders, "ce-specversion": "0.3" }, body, 0),
      /specversion 0\.3 is not supported/,
    );
    rejects(
      () => cloudEventRecord({ ...binaryHeaders, "ce-time": "yesterday" }, body, 0),
      /ce-time "yesterday" is not an RFC 3339 time/,
    );
    rejects(() => cloudEventRecord(binaryHeaders, Buffer.alloc(0), 0), /has no data/);
    rejects(
      () => cloudEventRecord({ "content-type": "application/json" }, body, 0),
      /not a CloudEvent: no ce-specversion header .* content type application\/json is not application\/cloudevents\+json/,
    );
    rejects(
      () => cloudEventRecord({ "content-type": "application/cloudevents+json" }, Buffer.from("{nope"), 0),
      /structured CloudEvent is not JSON/,
    );
    rejects(() => structured({ ...envelope, id: undefined, data: {} }), /lacks required attribute id$/);
    rejects(() => structured({ ...envelope, data_base64: "***" }), /data_base64 is not base64/);
    rejects(() => structured({ ...envelope, data: {}, extra: { a: 1 } }), /attribute extra is an object/);
    rejects(
      () => cloudEventRecord({ "content-type": "application/cloudevents-batch+json" }, Buffer.from("[]"), 0),
      /batched CloudEvents are not supported/,
    );
  });
});
