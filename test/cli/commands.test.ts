import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { FLIGHTS_DIR, FLIGHTS_SPEC, modelMonitor, temporaryDir } from "../baseline/baseline_cli";
import { latestPanes } from "../support/latest_panes";

// `model-monitor <command>` run as a process as the README shows it (`node dist/cli/main.js …`):
// exit codes (0 ok, 1 runtime failure, 2 bad usage or spec), what it prints and what it writes.
// baseline and compare: test/baseline, test/compare; submit, job-status and worker-pool against a
// job service: test/portable; produce, logger and run on Kafka: kafka_commands.test.ts.

const RESULT_KINDS = ["statistics", "outlier", "drift", "alert", "deadletter"];

/** The flights example on the first 300 lines of its log (2 windows), in a folder of its own. */
function flightsSpecOn300Lines(): { dir: string; spec: string; log: string } {
  const dir = temporaryDir();
  const log = path.join(dir, "log.jsonl");
  const lines = fs.readFileSync(path.join(FLIGHTS_DIR, "inference_log.jsonl"), "utf8").split("\n");
  fs.writeFileSync(log, lines.slice(0, 300).join("\n") + "\n");
  const spec = path.join(dir, "monitor.yaml");
  fs.writeFileSync(
    spec,
    fs
      .readFileSync(FLIGHTS_SPEC, "utf8")
      .replace("path: inference_log.jsonl", `path: ${log}`)
      .replace("baseline: baseline.json", `baseline: ${path.join(FLIGHTS_DIR, "baseline.json")}`),
  );
  return { dir, spec, log };
}

const jsonLines = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("model-monitor commands run as processes", function () {
  this.timeout(120_000);

  describe("--help", () => {
    it("lists every command, and each command's --help its options, with exit 0", () => {
      const help = modelMonitor("--help");
      assert.strictEqual(help.status, 0, help.stderr);
      const commands = [
        "validate",
        "run",
        "produce",
        "logger",
        "baseline",
        "compare",
        "report",
        "submit",
        "job-status",
        "worker-pool",
      ];
      for (const command of commands) assert.match(help.stdout, new RegExp(`^  ${command} `, "m"), command);
      assert.match(help.stdout, /Exit codes: 0 ok, 1 runtime failure, 2 bad usage or spec\./);
      const options: Record<string, string[]> = {
        run: ["--runner", "--out", "--until-idle", "--max-records"],
        report: ["--baseline", "--out"],
        produce: ["--brokers", "--topic"],
        logger: ["--brokers", "--topic", "--port"],
        submit: ["--runner", "--job-endpoint"],
        "job-status": ["--job-endpoint", "--follow"],
        "worker-pool": ["--port"],
      };
      for (const [command, flags] of Object.entries(options)) {
        const commandHelp = modelMonitor(command, "--help");
        assert.strictEqual(commandHelp.status, 0, `${command} --help: ${commandHelp.stderr}`);
        assert.match(commandHelp.stdout, new RegExp(`^Usage: model-monitor ${command} `, "m"));
        for (const flag of flags)
          assert.ok(commandHelp.stdout.includes(flag), `${command} --help: no ${flag}`);
      }
    });
  });

  describe("run", () => {
    const example = flightsSpecOn300Lines();
    const outDir = path.join(example.dir, "results");
    let run: ReturnType<typeof modelMonitor>;
    before(() => {
      run = modelMonitor("run", example.spec, "--out", outDir);
    });

    it("--out: writes one JSON-lines file per result kind there, and not to the spec's own file sink", () => {
      assert.strictEqual(run.status, 0, run.stderr);
      assert.deepStrictEqual(fs.readdirSync(outDir).sort(), RESULT_KINDS.map((k) => `${k}.jsonl`).sort());
      assert.strictEqual(
        fs.existsSync(path.join(example.dir, "out")),
        false,
        "the spec's sink dir was written",
      );
      for (const kind of RESULT_KINDS) {
        for (const record of jsonLines(path.join(outDir, `${kind}.jsonl`)))
          assert.strictEqual(record.kind, kind);
      }
    });

    it("prints a summary on stderr: runner, model, and the records written per file, as counted in the files", () => {
      const lines = run.stderr.trimEnd().split("\n");
      assert.match(lines[0], /^model-monitor: direct run of flight-delay finished in \d+\.\d s$/);
      assert.deepStrictEqual(
        lines.slice(1),
        RESULT_KINDS.map((kind) => {
          const file = path.join(outDir, `${kind}.jsonl`);
          return `  ${kind}: ${jsonLines(file).length} records -> ${file}`;
        }),
      );
      assert.strictEqual(run.stdout, "");
    });

    it("writes the statistics of both windows of the 300 lines: every request instance counted", () => {
      // The requests' instances counted here from the log, without the job's parser.
      let instances = 0;
      for (const line of fs.readFileSync(example.log, "utf8").trimEnd().split("\n")) {
        const body = JSON.parse((JSON.parse(line) as { payload: string }).payload) as {
          instances?: unknown[];
        };
        instances += body.instances?.length ?? 0;
      }
      const latest = [...latestPanes(jsonLines(path.join(outDir, "statistics.jsonl")) as never).values()];
      const distance = latest.filter((r) => (r as { feature: string }).feature === "distance") as unknown as {
        count: number;
      }[];
      assert.strictEqual(distance.length, 2);
      assert.strictEqual(
        distance.reduce((sum, r) => sum + r.count, 0),
        instances,
      );
    });

    it("empties the result files first: a second run into the same folder holds that run's results alone", () => {
      const before = RESULT_KINDS.map((kind) => fs.readFileSync(path.join(outDir, `${kind}.jsonl`), "utf8"));
      const again = modelMonitor("run", example.spec, "--out", outDir);
      assert.strictEqual(again.status, 0, again.stderr);
      const after = RESULT_KINDS.map((kind) => jsonLines(path.join(outDir, `${kind}.jsonl`)));
      // Same input, same records (emittedAt aside): not twice as many.
      assert.deepStrictEqual(
        after.map((records) => records.length),
        before.map((text) => text.split("\n").filter((l) => l.length > 0).length),
      );
    });

    it("--runner beam-direct runs the SDK's direct runner, named in the summary", () => {
      const stockOut = path.join(example.dir, "stock");
      const stock = modelMonitor("run", example.spec, "--out", stockOut, "--runner", "beam-direct");
      assert.strictEqual(stock.status, 0, stock.stderr);
      assert.match(stock.stderr, /^model-monitor: beam-direct run of flight-delay finished in /);
      // One bundle without a watermark: every instance still lands in its window.
      const counts = (dir: string) =>
        [...latestPanes(jsonLines(path.join(dir, "statistics.jsonl")) as never).values()]
          .map((r) => {
            const s = r as unknown as { feature: string; window: { start: string }; count: number };
            return `${s.feature} ${s.window.start} ${s.count}`;
          })
          .sort();
      assert.deepStrictEqual(counts(stockOut), counts(outDir));
    });

    it("--runner with an unknown name, a bad --until-idle or --max-records: exit 2, naming the problem", () => {
      const unknown = modelMonitor("run", example.spec, "--runner", "spark");
      assert.strictEqual(unknown.status, 2);
      assert.match(
        unknown.stderr,
        /argument 'spark' is invalid\. Allowed choices are direct, beam-direct, flink\./,
      );
      const idle = modelMonitor("run", example.spec, "--until-idle", "soon");
      assert.strictEqual(idle.status, 2);
      assert.match(idle.stderr, /expected a duration like "15s", got "soon"/);
      const max = modelMonitor("run", example.spec, "--max-records", "0");
      assert.strictEqual(max.status, 2);
      assert.match(max.stderr, /--max-records/);
    });

    it("--until-idle and --max-records on a file source: exit 2, saying they bound a kafka source", () => {
      for (const option of [
        ["--until-idle", "3s"],
        ["--max-records", "10"],
      ]) {
        const bounded = modelMonitor("run", example.spec, ...option);
        assert.strictEqual(bounded.status, 2, bounded.stderr);
        assert.match(
          bounded.stderr,
          /--until-idle and --max-records bound a kafka source; this spec reads file/,
          option[0],
        );
      }
    });

    it("exits 1 on a runtime failure (an output folder that cannot be made), naming the folder", () => {
      const notADirectory = path.join(example.dir, "a-file");
      fs.writeFileSync(notADirectory, "");
      const failed = modelMonitor("run", example.spec, "--out", path.join(notADirectory, "results"));
      assert.strictEqual(failed.status, 1, failed.stderr);
      assert.match(failed.stderr, /^model-monitor: .*ENOTDIR: not a directory, mkdir '.*a-file\/results'/);
    });

    it("exits 2 on a spec that does not validate, with the problem and no results", () => {
      const bad = path.join(example.dir, "bad.yaml");
      fs.writeFileSync(bad, fs.readFileSync(example.spec, "utf8").replace("size: 60s", "size: sixty"));
      const failed = modelMonitor("run", bad, "--out", path.join(example.dir, "never"));
      assert.strictEqual(failed.status, 2);
      assert.match(failed.stderr, /window\.size/);
      assert.strictEqual(fs.existsSync(path.join(example.dir, "never")), false);
    });
  });

  describe("run with a stdout sink", () => {
    it("prints every result as one JSON line on stdout, the kinds the sink names", () => {
      const example = flightsSpecOn300Lines();
      const fileAndStdout = path.join(example.dir, "stdout.yaml");
      fs.writeFileSync(
        fileAndStdout,
        fs
          .readFileSync(example.spec, "utf8")
          .replace(
            /sinks:\n(.*\n)*/,
            `sinks:\n  - kind: stdout\n    kinds: [drift, alert]\n  - kind: file\n    dir: files\n`,
          ),
      );
      const run = modelMonitor("run", fileAndStdout);
      assert.strictEqual(run.status, 0, run.stderr);
      const printed = run.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const written = [
        ...jsonLines(path.join(example.dir, "files", "drift.jsonl")),
        ...jsonLines(path.join(example.dir, "files", "alert.jsonl")),
      ];
      const withoutTime = (records: Record<string, unknown>[]) =>
        records.map(({ emittedAt: _, ...rest }) => JSON.stringify(rest)).sort();
      assert.ok(written.length > 0);
      assert.deepStrictEqual(withoutTime(printed), withoutTime(written));
    });
  });

  describe("report", () => {
    it("writes one self-contained HTML report and prints what it holds", () => {
      const example = flightsSpecOn300Lines();
      const results = path.join(example.dir, "results");
      assert.strictEqual(modelMonitor("run", example.spec, "--out", results).status, 0);
      const html = path.join(example.dir, "report.html");
      const baseline = path.join(FLIGHTS_DIR, "baseline.json");
      const report = modelMonitor("report", results, "--baseline", baseline, "--out", html);
      assert.strictEqual(report.status, 0, report.stderr);
      // Windows, features and alerts counted from the result files here.
      const statistics = jsonLines(path.join(results, "statistics.jsonl")) as { window: { start: string } }[];
      const windows = new Set(statistics.map((r) => r.window.start)).size;
      const alerts = latestPanes(jsonLines(path.join(results, "alert.jsonl")) as never).size;
      assert.strictEqual(
        report.stderr.trim(),
        `model-monitor report: ${windows} windows, 6 features, ${alerts} alerts -> ${html}`,
      );
      const text = fs.readFileSync(html, "utf8");
      assert.match(text, /^<!DOCTYPE html>/i);
      assert.doesNotMatch(text, /<script[^>]+src=["']https?:/, "the report loads a script from the network");
    });

    it("exits 1 naming a results folder that does not exist", () => {
      const missing = path.join(temporaryDir(), "no-results");
      const report = modelMonitor("report", missing, "--out", path.join(temporaryDir(), "r.html"));
      assert.strictEqual(report.status, 1, report.stderr);
      assert.ok(report.stderr.includes(missing), report.stderr);
    });
  });

  describe("submit, job-status, worker-pool: usage and an unreachable job service", () => {
    it("submit without a job endpoint or Flink master: exit 2, saying what is needed", () => {
      const submit = modelMonitor("submit", FLIGHTS_SPEC, "--runner", "flink");
      assert.strictEqual(submit.status, 2, submit.stderr);
      assert.match(submit.stderr, /--job-endpoint/);
    });

    it("a job endpoint that is not host:port: exit 2", () => {
      for (const command of [
        ["submit", FLIGHTS_SPEC, "--runner", "flink", "--job-endpoint", "localhost"],
        ["job-status", "--job-endpoint", "localhost", "some-job"],
      ]) {
        const run = modelMonitor(...command);
        assert.strictEqual(run.status, 2, `${command[0]}: ${run.stderr}`);
        assert.match(run.stderr, /expected host:port, got "localhost"/);
      }
    });

    it("job-status against an endpoint where nothing listens: exit 1, naming the endpoint", () => {
      const status = modelMonitor("job-status", "--job-endpoint", "127.0.0.1:1", "some-job");
      assert.strictEqual(status.status, 1, status.stderr);
      assert.ok(status.stderr.includes("127.0.0.1:1"), status.stderr);
    });

    it("worker-pool with a port that is not a port: exit 2", () => {
      const pool = modelMonitor("worker-pool", "--port", "http");
      assert.strictEqual(pool.status, 2, pool.stderr);
    });
  });
});
