import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { buildBaselineProfile } from "../../pipelines/baseline/build_baseline_profile";
import { openTrainingData } from "../../pipelines/baseline/readers";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { BaselineProfileJson, baselineProfileToJson } from "../../transforms/baseline/baseline_profile";
import { FLIGHTS_SPEC, FLIGHTS_TRAINING, flightsTrainingColumns, temporaryDir } from "./baseline_cli";

const CREATED_AT = new Date("2026-01-01T00:00:00Z");

async function profileOf(file: string): Promise<BaselineProfileJson> {
  const spec = loadSpec(FLIGHTS_SPEC);
  const data = await openTrainingData(file);
  return baselineProfileToJson(
    await buildBaselineProfile(spec, data, { now: CREATED_AT, dataLabel: "training data" }),
  );
}

describe("baseline job: the same data as CSV, JSON lines and Parquet", () => {
  const dir = temporaryDir();
  const columns = flightsTrainingColumns();
  const rowCount = columns.distance.length;
  const numbers = (name: string) => columns[name].map(Number);
  let fromCsv: BaselineProfileJson;
  before(async () => {
    fromCsv = await profileOf(FLIGHTS_TRAINING);
  });

  it("gives the same profile from JSON lines (numbers as JSON numbers, keys in another order)", async () => {
    const file = path.join(dir, "training.jsonl");
    const lines = Array.from({ length: rowCount }, (_, i) =>
      JSON.stringify({
        origin: columns.origin[i],
        destination: columns.destination[i],
        predicted_delay: Number(columns.predicted_delay[i]),
        delay: Number(columns.delay[i]),
        departure_hour: Number(columns.departure_hour[i]),
        distance: Number(columns.distance[i]),
        carrier: "not in the spec",
      }),
    );
    fs.writeFileSync(file, lines.join("\n") + "\n");
    const fromJsonLines = await profileOf(file);
    assert.strictEqual(fromJsonLines.source.rows, 6937);
    assert.deepStrictEqual(fromJsonLines, fromCsv);
  });

  it("gives the same profile from Parquet written by hyparquet-writer (INT64, INT32, DOUBLE, STRING)", async () => {
    const file = path.join(dir, "training.parquet");
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: "distance", data: columns.distance.map(BigInt), type: "INT64" },
        { name: "departure_hour", data: numbers("departure_hour"), type: "INT32" },
        { name: "delay", data: numbers("delay"), type: "INT32" },
        { name: "origin", data: columns.origin, type: "STRING" },
        { name: "destination", data: columns.destination, type: "STRING" },
        { name: "predicted_delay", data: numbers("predicted_delay"), type: "DOUBLE" },
      ],
      // Several row groups, so the reader's row-group loop and row numbering are exercised.
      rowGroupSize: 1000,
    });
    fs.writeFileSync(file, Buffer.from(buffer));
    const data = await openTrainingData(file);
    assert.strictEqual(data.size, 6937);
    assert.deepStrictEqual(data.columns, Object.keys(columns));
    assert.deepStrictEqual(await profileOf(file), fromCsv);
  });
});
