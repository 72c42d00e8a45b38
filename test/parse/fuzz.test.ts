import * as assert from "assert";
import fc from "fast-check";
import type { InputSpec } from "../../pipelines/spec/schema";
import type { ParseResult } from "../../transforms/parse/event_decoder";
import type { FeatureValue } from "../../transforms/parse/inference_record";
import { parseEvent } from "../../transforms/parse/parse_event";
import type { ParseSpec } from "../../transforms/parse/parse_spec";
import type { RawEvent } from "../../transforms/parse/raw_event";
import { recordedLineEvent } from "../../transforms/parse/recorded_log";
import { NOW_MS, REQUEST_TYPE, RESPONSE_TYPE, kserveHeaders } from "./events";

const FORMATS: InputSpec["format"][] = ["kserve", "oip", "seed", "json"];

/** Features of both types at every kind of path, so that every lookup is exercised. */
function fuzzSpec(format: InputSpec["format"], eventTime: string): ParseSpec {
  return {
    model: "fuzz",
    features: [
      { name: "by_position", type: "numerical", path: 1 },
      { name: "by_name", type: "numerical", path: "x" },
      { name: "nested", type: "categorical", path: "a.b" },
      { name: "tensor_column", type: "numerical", path: "input-0[1]" },
      { name: "default_path", type: "categorical" },
    ],
    prediction: { name: "predict", type: "numerical" },
    input: { format, eventTime },
  };
}

const specArbitrary = fc
  .tuple(fc.constantFrom(...FORMATS), fc.constantFrom("record-timestamp", "time", "meta.ts"))
  .map(([format, eventTime]) => fuzzSpec(format, eventTime));

/** Valid events of every format, for mutation. */
const VALID_BODIES: unknown[] = [
  { instances: [[6.8, 2.8, 4.8, 1.4], { x: 1, a: { b: "c" }, default_path: true }], meta: { ts: 1 } },
  { predictions: [1, { predict: 0.5 }, [0.1, 0.9]] },
  {
    id: "r",
    inputs: [
      {
        name: "input-0",
        shape: [2, 4],
        datatype: "FP32",
        data: [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
      },
    ],
  },
  {
    model_name: "m",
    id: "r",
    outputs: [{ name: "predict", shape: [2, 1], datatype: "FP32", data: [0.1, 0.2] }],
  },
  { type: "request", id: "s", time: 1600000000.5, payload: { instances: [[1, 2]] } },
  { type: "response", id: "s", time: "2020-09-13T12:26:40Z", payload: JSON.stringify({ predictions: [3] }) },
  [
    { id: 1, x: 2, a: { b: 3 }, predict: 4, time: "2026-01-01T00:00:00Z" },
    { requestId: "q", x: "5" },
  ],
  {
    specversion: "1.0",
    id: "c",
    type: REQUEST_TYPE,
    time: "2026-01-01T00:00:00Z",
    data: { instances: [[1]] },
  },
  { specversion: "1.0", id: "c", type: RESPONSE_TYPE, data_base64: "eyJwcmVkaWN0aW9ucyI6WzFdfQ==" },
];

type JsonPath = (string | number)[];

function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (typeof value !== "object" || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

/** A copy of `value` with the node at `path` replaced (or removed, when `replacement` is undefined). */
function replacedAt(value: unknown, path: JsonPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  const key = path[0];
  const child = replacedAt(copy[key], path.slice(1), replacement);
  if (child === undefined && path.length === 1) delete copy[key];
  else copy[key] = child;
  return copy;
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutatedText(body: unknown, mutations: Mutation[]): string {
  let current = body;
  let text: string | undefined;
  for (const change of mutations) {
    if (change.kind === "truncate") {
      const whole = JSON.stringify(current) ?? "";
      text = whole.slice(0, change.at % (whole.length + 1));
      break;
    }
    const paths = pathsOf(current);
    const path = paths[change.at % paths.length];
    current = replacedAt(current, path, change.kind === "drop" ? undefined : change.value);
  }
  return text ?? JSON.stringify(current) ?? "";
}

const headersArbitrary = fc.oneof(
  fc.constant({}),
  fc.constant(kserveHeaders(REQUEST_TYPE, "h")),
  fc.constant(kserveHeaders(RESPONSE_TYPE, "h")),
  fc.dictionary(fc.constantFrom("ce_id", "Ce-Type", "ce_time", "ce-specversion", "x"), fc.string()),
);
const timestampArbitrary = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 0, max: 4_102_444_800_000 }),
  fc.constantFrom(Number.NaN, -1, 1e300),
);
const eventOf = (
  value: string,
  headers: Record<string, string>,
  timestampMs: number | undefined,
): RawEvent => ({
  value,
  headers,
  timestampMs,
  origin: { topic: "fuzz", partition: 0, offset: "1" },
});

function assertTyped(
  value: FeatureValue | undefined,
  type: "numerical" | "categorical",
  where: string,
): void {
  if (value === null) return;
  if (type === "numerical")
    assert.ok(typeof value === "number" && Number.isFinite(value), `${where}: ${value}`);
  else assert.strictEqual(typeof value, "string", where);
}

/** What must hold for every input: something comes out, typed values only, and no bug was hit on the way. */
function assertWellFormed(event: RawEvent, spec: ParseSpec, result: ParseResult): void {
  assert.ok(result.records.length + result.deadLetters.length >= 1, "the event left no trace");
  for (const record of result.records) {
    for (const feature of spec.features) {
      if (record.part !== "response") assertTyped(record.features[feature.name], feature.type, feature.name);
    }
    if (record.part !== "request") assertTyped(record.prediction, spec.prediction!.type, "prediction");
    assert.ok(Number.isInteger(record.eventTimeMs) && Math.abs(record.eventTimeMs) <= 8.64e15);
  }
  for (const letter of result.deadLetters) {
    assert.doesNotMatch(letter.detail, /^unexpected error/, letter.detail);
    assert.strictEqual(letter.raw, event.value);
    assert.deepStrictEqual(letter.source, event.origin);
  }
}

function checkEvent(event: RawEvent, spec: ParseSpec): void {
  assertWellFormed(event, spec, parseEvent(event, spec, NOW_MS));
}

describe("parsing arbitrary input (fast-check)", () => {
  it("never throws on random text, and leaves a record or a dead letter", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary" }),
        headersArbitrary,
        timestampArbitrary,
        specArbitrary,
        (text, headers, ts, spec) => checkEvent(eventOf(text, headers, ts), spec),
      ),
      { numRuns: 300 },
    );
  });

  it("never throws on random bytes read as UTF-8", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), specArbitrary, (bytes, spec) =>
        checkEvent(eventOf(Buffer.from(bytes).toString("utf8"), {}, 1), spec),
      ),
      { numRuns: 200 },
    );
  });

  it("never throws on random JSON bodies", () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        headersArbitrary,
        timestampArbitrary,
        specArbitrary,
        (body, headers, ts, spec) => checkEvent(eventOf(JSON.stringify(body) ?? "", headers, ts), spec),
      ),
      { numRuns: 300 },
    );
  });

  it("never throws on valid events with keys dropped, values swapped for other types, or text cut short", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID_BODIES),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        headersArbitrary,
        timestampArbitrary,
        specArbitrary,
        (body, mutations, headers, ts, spec) =>
          checkEvent(eventOf(mutatedText(body, mutations), headers, ts), spec),
      ),
      { numRuns: 1000 },
    );
  });

  it("reads every recorded line to an event or a dead letter, and skips only blank ones", () => {
    const kcatLine = {
      topic: "t",
      partition: 0,
      offset: 1,
      tstype: "create",
      ts: 5,
      headers: Object.entries(kserveHeaders(REQUEST_TYPE, "k")).flat(),
      key: null,
      payload: JSON.stringify(VALID_BODIES[0]),
    };
    const lineArbitrary = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => mutatedText(kcatLine, mutations)),
    );
    fc.assert(
      fc.property(lineArbitrary, specArbitrary, (text, spec) => {
        const decoded = recordedLineEvent(text, { file: "f", line: 3 }, NOW_MS);
        if (decoded === undefined) return assert.strictEqual(text.trim(), "");
        if ("kind" in decoded)
          return assert.deepStrictEqual([decoded.source, decoded.raw], [{ file: "f", line: 3 }, text]);
        assertWellFormed(decoded, spec, parseEvent(decoded, spec, NOW_MS));
      }),
      { numRuns: 500 },
    );
  });
});
