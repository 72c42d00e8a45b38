import { cloudEventTime, stringAttribute } from "./cloud_event";
import { describeValue, parseProblem } from "./dead_letter";
import { eventDecoder } from "./event_decoder";
import { partOfEventType } from "./inference_event_type";
import { isJsonObject } from "./json_text";
import type { ExchangeReader } from "./logged_exchange";
import { Tensor, tensorCell, tensorOf, tensorRow } from "./oip_tensor";
import { idText } from "./request_id";
import type { ValuePath } from "./value_path";

const TENSORS_FIELD = { request: "inputs", response: "outputs" } as const;
const TENSOR_KIND = { request: "input", response: "output" } as const;

/**
 * Open Inference Protocol / KServe v2 bodies (input format "oip"): a request
 * `{id?, inputs: [tensor…], parameters?}`, a response `{model_name, id,
 * outputs: [tensor…]}`, either bare or inside a KServe logger CloudEvent.
 * The CloudEvent type, if any, tells request from response, else the body
 * does ("inputs" make a request, even with requested "outputs" beside them).
 * Request id: the CloudEvent id (the logger gives both halves the request's),
 * else the body's `id`, else where the event came from.
 *
 * Every tensor of a body must have the same number of rows: row i of each
 * is instance i (see oip_tensor.ts for rows and columns).
 */
const readOipExchanges: ExchangeReader = ({ body, cloudEvent }, { originId }) => {
  if (!isJsonObject(body)) {
    throw parseProblem("bad-shape", `an inference body is a JSON object, not ${describeValue(body)}`);
  }
  const type = stringAttribute(cloudEvent, "type");
  const part = type === undefined ? oipPartOfBody(body) : partOfEventType(type);
  const field = TENSORS_FIELD[part];
  const rawTensors = body[field];
  if (!Array.isArray(rawTensors) || rawTensors.length === 0) {
    throw parseProblem("bad-shape", `the ${part} body has no "${field}" tensors`);
  }
  const tensors = rawTensors.map((raw, i) => tensorOf(raw, `${TENSOR_KIND[part]} ${i}`));
  const rows = tensors[0].rows;
  const uneven = tensors.find((tensor) => tensor.rows !== rows);
  if (uneven !== undefined) {
    throw parseProblem(
      "bad-shape",
      `${TENSOR_KIND[part]} "${uneven.name}" has ${uneven.rows} rows but "${tensors[0].name}" has ${rows}`,
    );
  }
  return [
    {
      requestId: stringAttribute(cloudEvent, "id") ?? idText(body.id) ?? originId,
      part,
      instances: Array.from({ length: rows }, (_, index) => ({
        index,
        valueAt: (path: ValuePath) => oipValueAt(tensors, index, path),
      })),
      ownTime: cloudEventTime(cloudEvent),
      timeScope: body,
    },
  ];
};

function oipPartOfBody(body: Record<string, unknown>): "request" | "response" {
  if (Object.hasOwn(body, TENSORS_FIELD.request)) return "request";
  if (Object.hasOwn(body, TENSORS_FIELD.response)) return "response";
  throw parseProblem("bad-shape", `an inference body without an event type needs "inputs" or "outputs"`);
}

/** "name[3]": column 3 of the tensor called name. */
const COLUMN_PATH = /^(.*)\[(\d+)\]$/;

/**
 * How a spec path addresses a value in row `row` of a body's tensors (the
 * inputs of a request, the outputs of a response):
 *
 * - "name": the tensor called name — its value in that row when it has one
 *   column; several columns give the whole row, which a feature rejects;
 * - "name[j]": column j of the tensor called name;
 * - a number j: column j of the first tensor (`[[6.8, 2.8, 4.8, 1.4]]` in a
 *   single input, addressed 0…3 as in a v1 row).
 *
 * A tensor or column that is not there gives undefined (missing).
 */
const oipValueAt = (tensors: Tensor[], row: number, path: ValuePath): unknown => {
  if (typeof path === "number") return tensorCell(tensors[0], row, path);
  const named = tensors.find((tensor) => tensor.name === path);
  if (named !== undefined) return tensorRow(named, row);
  const column = COLUMN_PATH.exec(path);
  if (column === null) return undefined;
  const tensor = tensors.find((candidate) => candidate.name === column[1]);
  return tensor === undefined ? undefined : tensorCell(tensor, row, Number(column[2]));
};

export const decodeOipEvent = eventDecoder(readOipExchanges);
