import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "csv-parse/sync";
import { buildBaselineProfile } from "../../pipelines/baseline/build_baseline_profile";
import { TrainingRecord, openTrainingData } from "../../pipelines/baseline/readers";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { FLIGHTS_SPEC, temporaryDir } from "./baseline_cli";

const HEADER = "distance,departure_hour,delay,origin,destination";

async function recordsOf(file: string, format?: "csv"): Promise<TrainingRecord[]> {
  const records: TrainingRecord[] = [];
  for await (const record of (await openTrainingData(file, format)).records({})) records.push(record);
  return records;
}

describe("baseline job: reading training data", () => {
  const dir = temporaryDir();
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const build = async (file: string) =>
    buildBaselineProfile(loadSpec(FLIGHTS_SPEC), await openTrainingData(file));

  it("splits a line without quotes into the fields csv-parse gives for it (tabs, unicode blanks, empty fields)", async () => {
    const lines = [" 1.5 ,\t2,,SFO ,LAX", "\u00a03\u00a0,4\u2003,5,\tJFK,SEA\r", ",,,,"];
    const file = write("unquoted.csv", [HEADER, ...lines].join("\n"));
    const columns = HEADER.split(",");
    const expected = lines.map((line) => {
      const fields: string[] = parse(line, { trim: true, relax_column_count: true })[0];
      return Object.fromEntries(columns.map((column, i) => [column, fields[i] === "" ? null : fields[i]]));
    });
    const rows = (await recordsOf(file)).map((record) => (record.kind === "row" ? record.fields : record));
    assert.deepStrictEqual(rows, expected);
    assert.deepStrictEqual(rows[0], {
      distance: "1.5",
      departure_hour: "2",
      delay: null,
      origin: "SFO",
      destination: "LAX",
    });
  });

  it("reads CSV with a byte-order mark, CRLF, blank lines, quoted fields and padding, by line number", async () => {
    const file = write(
      "quoted.csv",
      `\uFEFF${HEADER}\r\n\r\n 100 ,1,"-5",SFO,"Los Angeles, CA"\r\n200,2,,"O""Hare",LAX`,
    );
    assert.deepStrictEqual(await recordsOf(file), [
      {
        kind: "row",
        where: `${file}:3`,
        fields: {
          distance: "100",
          departure_hour: "1",
          delay: "-5",
          origin: "SFO",
          destination: "Los Angeles, CA",
        },
      },
      {
        kind: "row",
        where: `${file}:4`,
        fields: { distance: "200", departure_hour: "2", delay: null, origin: 'O"Hare', destination: "LAX" },
      },
    ]);
  });

  it("takes the format from --format when the extension does not say, and asks for it otherwise", async () => {
    const file = write("training.txt", `${HEADER}\n1,2,3,A,B\n`);
    assert.strictEqual((await recordsOf(file, "csv")).length, 1);
    await assert.rejects(openTrainingData(file), {
      name: "BaselineDataError",
      message: `${file}: cannot tell the format from the extension; name it with --format (csv, jsonl, parquet)`,
    });
  });

  it("refuses a CSV header that names a column twice, and an empty file", async () => {
    const twice = write("twice.csv", `\n${HEADER},delay\n`);
    await assert.rejects(openTrainingData(twice), {
      message: `${twice}:2: column "delay" appears twice in the header`,
    });
    const empty = write("empty.csv", "\n\n");
    await assert.rejects(openTrainingData(empty), /empty: a CSV training file starts with a header line/);
    await assert.rejects(
      openTrainingData(path.join(dir, "absent.csv")),
      /absent\.csv: cannot read it as csv: ENOENT/,
    );
  });

  it("needs a column for every spec feature (CSV header, or some JSON line's key)", async () => {
    const csv = write("no_delay.csv", "distance,departure_hour,origin,destination\n1,2,A,B\n");
    await assert.rejects(build(csv), {
      name: "BaselineDataError",
      message:
        `${csv}: no column for feature "delay"; training data columns are named like the spec's features ` +
        "(found: distance, departure_hour, origin, destination)",
    });
    const jsonLines = write(
      "no_delay.jsonl",
      '{"distance": 1, "departure_hour": 2, "origin": "A", "destination": "B"}\n',
    );
    await assert.rejects(build(jsonLines), { message: new RegExp(`no column for feature "delay"`) });
  });

  it("reports each pass's progress up to the file's size in bytes", async () => {
    const text = `${HEADER}\n1,2,3,A,B\n\n4,5,6,C,D\n`;
    const file = write("progress.csv", text);
    const data = await openTrainingData(file);
    assert.strictEqual(data.size, Buffer.byteLength(text));
    const progress: string[] = [];
    await buildBaselineProfile(loadSpec(FLIGHTS_SPEC), data, {
      onProgress: (pass, done, total) => progress.push(`${pass}: ${done}/${total}`),
    });
    // One call per line: the header (48 bytes and its newline), a row (10), the blank line (1), a row (10).
    const perPass = ["49", "59", "60", "70"].map((done) => `${done}/70`);
    assert.deepStrictEqual(progress, [...perPass.map((p) => `1: ${p}`), ...perPass.map((p) => `2: ${p}`)]);
  });

  it("needs a numerical column to have a value in some row", async () => {
    const file = write("empty_delay.csv", `${HEADER}\n1,2,,A,B\n3,4,,C,D\n`);
    await assert.rejects(build(file), {
      message: `${file}: numerical column "delay" has no value in any of the 2 good rows`,
    });
  });
});
