import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { buildBaselineProfile } from "../../pipelines/baseline/build_baseline_profile";
import { BadTrainingRow, openTrainingData } from "../../pipelines/baseline/readers";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { baselineProfileToJson, loadBaselineProfile } from "../../transforms/baseline/baseline_profile";
import { FLIGHTS_SPEC, FLIGHTS_TRAINING, modelMonitor, temporaryDir } from "./baseline_cli";

/** Profile JSON without what differs between two runs on different files: when and from where. */
function statisticsOf(file: string) {
  const json = baselineProfileToJson(loadBaselineProfile(file));
  return { features: json.features, coMoments: json.coMoments };
}

describe("baseline job: bad rows", () => {
  const dir = temporaryDir();
  const lines = fs.readFileSync(FLIGHTS_TRAINING, "utf8").trimEnd().split("\n");

  it("reports each bad CSV line with its number, counts it, and profiles the good rows", () => {
    // File line n is lines[n - 1]; line 1 is the header.
    const corrupted = [...lines];
    const good = [...lines];
    const corrupt = (line: number, text: string) => {
      corrupted[line - 1] = text;
      good[line - 1] = "";
    };
    corrupt(3, "407,1,-5,LAS,OAK"); // a field short
    corrupt(10, "256,1,abc,LAS,PHX,10.05"); // text in a numerical column
    corrupt(20, '1750,0,"66,DTW,LAS,-8.71'); // an unclosed quote: one bad line, not the rest of the file
    corrupt(30, "2399,1,95,HNL,SFO,-2.62,extra"); // a field too many
    // An empty cell is a missing value, not a bad row: in both files.
    const withMissing = lines[39].split(",");
    withMissing[2] = "";
    corrupted[39] = good[39] = withMissing.join(",");
    const corruptedFile = path.join(dir, "corrupted.csv");
    const goodFile = path.join(dir, "good.csv");
    fs.writeFileSync(corruptedFile, corrupted.join("\n") + "\n");
    // The good rows alone, the corrupted lines left blank (blank lines are skipped).
    fs.writeFileSync(goodFile, good.join("\n") + "\n");

    const corruptedOut = path.join(dir, "corrupted.json");
    const run = modelMonitor("baseline", FLIGHTS_SPEC, "--data", corruptedFile, "--out", corruptedOut);
    assert.strictEqual(run.status, 0, run.stderr);
    const reported = run.stderr.split("\n").filter((line) => line.includes("bad row"));
    assert.deepStrictEqual(reported, [
      `${corruptedFile}:3: bad row, skipped: 5 fields, but the header has 6`,
      `${corruptedFile}:10: bad row, skipped: column "delay" is "abc", not a finite number`,
      `${corruptedFile}:20: bad row, skipped: not CSV: Quote Not Closed: the parsing is finished with an opening quote`,
      `${corruptedFile}:30: bad row, skipped: 7 fields, but the header has 6`,
    ]);
    assert.match(run.stderr, /6933 rows, 4 bad;/);
    const profile = loadBaselineProfile(corruptedOut);
    assert.deepStrictEqual(profile.source, { data: "corrupted.csv", rows: 6933, badRows: 4 });
    assert.strictEqual(
      profile.features.delay.type === "numerical" && profile.features.delay.moments.result().missing,
      1,
    );

    const goodOut = path.join(dir, "good.json");
    assert.strictEqual(
      modelMonitor("baseline", FLIGHTS_SPEC, "--data", goodFile, "--out", goodOut).status,
      0,
    );
    assert.deepStrictEqual(statisticsOf(corruptedOut), statisticsOf(goodOut));
  });

  it("reports JSON lines that are not JSON objects by line number", async () => {
    const file = path.join(dir, "rows.jsonl");
    fs.writeFileSync(
      file,
      [
        '{"distance": 100, "departure_hour": 1, "delay": 5, "origin": "SFO", "destination": "LAX"}',
        "",
        '{"distance": 200, "departure_hour": 2',
        "[200, 2, 7]",
        '{"distance": 300, "departure_hour": 3, "delay": null, "origin": "LAX", "destination": "SFO"}',
      ].join("\n"),
    );
    const bad: BadTrainingRow[] = [];
    const notices: string[] = [];
    const profile = await buildBaselineProfile(loadSpec(FLIGHTS_SPEC), await openTrainingData(file), {
      onBadRow: (row) => bad.push(row),
      onNotice: (message) => notices.push(message),
    });
    assert.deepStrictEqual(
      bad.map((row) => row.where),
      [`${file}:3`, `${file}:4`],
    );
    // V8's message would quote the line; the reason says only where the JSON breaks.
    assert.strictEqual(bad[0].reason, "not JSON at position 37");
    assert.strictEqual(bad[1].reason, 'an array, not a JSON object {"<column>": <value>, …}');
    assert.deepStrictEqual(profile.source, { data: file, rows: 2, badRows: 2 });
    // No row has the prediction's key: it is left out, with a notice.
    assert.deepStrictEqual(Object.keys(profile.features), [
      "distance",
      "departure_hour",
      "delay",
      "origin",
      "destination",
    ]);
    assert.deepStrictEqual(notices, [
      `${file}: no column "predicted_delay": the prediction is left out of the baseline`,
    ]);
  });

  it("reports a bad Parquet value by its row number across row groups", async () => {
    const file = path.join(dir, "rows.parquet");
    const delays = Array.from({ length: 25 }, (_, i) => String(i));
    delays[16] = "n/a";
    const text = (value: string) => Array.from({ length: 25 }, () => value);
    fs.writeFileSync(
      file,
      Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: "distance", data: Array.from({ length: 25 }, (_, i) => 100 + i), type: "DOUBLE" },
            { name: "departure_hour", data: Array.from({ length: 25 }, (_, i) => i % 24), type: "INT32" },
            { name: "delay", data: delays, type: "STRING" },
            { name: "origin", data: text("SFO"), type: "STRING" },
            { name: "destination", data: text("LAX"), type: "STRING" },
          ],
          rowGroupSize: 10,
        }),
      ),
    );
    const bad: BadTrainingRow[] = [];
    const profile = await buildBaselineProfile(loadSpec(FLIGHTS_SPEC), await openTrainingData(file), {
      onBadRow: (row) => bad.push(row),
    });
    assert.deepStrictEqual(bad, [
      { kind: "bad", where: `${file}: row 17`, reason: 'column "delay" is "n/a", not a finite number' },
    ]);
    assert.deepStrictEqual(profile.source, { data: file, rows: 24, badRows: 1 });
    // Delays 0…24 without 16: the decimal text reads as numbers.
    assert.strictEqual(
      profile.features.delay.type === "numerical" && profile.features.delay.moments.result().sum,
      300 - 16,
    );
  });

  it("fails with a clear message when every row is bad", () => {
    const file = path.join(dir, "all_bad.csv");
    fs.writeFileSync(file, [lines[0], "1750,0,late,DTW,LAS,-8.71", "2399,1"].join("\n"));
    const run = modelMonitor("baseline", FLIGHTS_SPEC, "--data", file, "--out", path.join(dir, "none.json"));
    assert.strictEqual(run.status, 1);
    assert.ok(
      run.stderr.includes(
        `${file}: every one of its 2 rows is bad, so there is no baseline to build; ` +
          `the first, ${file}:2: column "delay" is "late", not a finite number.`,
      ),
      run.stderr,
    );
    assert.ok(!fs.existsSync(path.join(dir, "none.json")));
  });
});
