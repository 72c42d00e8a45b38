import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeReport } from "../../report/write_report";
import { type RenderedReport, openReport } from "./report_browser";
import { exampleReport } from "./screenshot_example";

interface FinalDrift {
  feature: string;
  metric: string;
  drifted: boolean | null;
  window: { start: string };
  pane: { final: boolean };
}

/**
 * The example's report in real headless Chromium (Debian's chromium, which CI
 * installs: without it this test fails, it does not skip). The expectations
 * are read straight from the job's drift.jsonl, not from the report's code.
 */
describe("the example's HTML report in Chromium", function () {
  this.timeout(90_000);
  let dir: string;
  let rendered: RenderedReport;
  let drift: FinalDrift[];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-browser-"));
    const htmlFile = await exampleReport(dir);
    rendered = await openReport(htmlFile, path.join(dir, "report.png"));
    drift = fs
      .readFileSync(path.join(dir, "results", "drift.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as FinalDrift)
      .filter((record) => record.pane.final);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("renders without console errors, page errors or network requests", () => {
    assert.deepStrictEqual(rendered.problems, []);
  });

  it("draws one drift chart per feature and metric, each a metric series and its threshold", () => {
    const expected = [...new Set(drift.map((r) => `${r.feature}/${r.metric}`))].sort();
    // The example's spec: ks on the 3 numerical features and the prediction, psi on delay, l_infinity on 2 airports.
    assert.strictEqual(expected.length, 7);
    const driftCharts = rendered.charts.filter((c) => c.kind === "drift");
    const drawn = driftCharts.map((c) => `${c.feature}/${c.title.replace("Drift: ", "")}`).sort();
    assert.deepStrictEqual(drawn, expected);
    for (const chart of driftCharts) {
      const metric = chart.title.replace("Drift: ", "");
      const windows = drift.filter((r) => r.feature === chart.feature && r.metric === metric);
      assert.strictEqual(chart.datasets.length, 2, chart.title);
      assert.strictEqual(
        chart.datasets[0].points,
        windows.length,
        `${chart.feature} ${metric}: one point per window`,
      );
      assert.strictEqual(
        chart.datasets[1].points,
        windows.length,
        "the threshold in force, one step per window (a calibrated distance's depends on the window's size)",
      );
      assert.ok(chart.paintedPixels > 1000, `${chart.feature} ${metric}: the canvas is painted`);
    }
  });

  it("marks exactly the windows that drifted on delay's KS chart in red", () => {
    const ks = rendered.charts.find(
      (c) => c.kind === "drift" && c.feature === "delay" && c.title === "Drift: ks",
    )!;
    const driftedWindows = drift.filter(
      (r) => r.feature === "delay" && r.metric === "ks" && r.drifted,
    ).length;
    // README "Measured on the example": 15 of February's 28 days drift on delay.
    assert.strictEqual(driftedWindows, 15);
    assert.strictEqual(
      ks.datasets[0].pointColors.filter((color) => color === "#d62728").length,
      driftedWindows,
    );
  });

  it("draws each feature's latest distribution against the baseline, and the quantile band of numerical ones", () => {
    const features = ["distance", "departure_hour", "delay", "origin", "destination", "predicted_delay"];
    for (const feature of features) {
      const distribution = rendered.charts.find((c) => c.kind === "distribution" && c.feature === feature);
      assert.ok(distribution, `${feature}: a distribution chart`);
      assert.deepStrictEqual(
        distribution.datasets.map((d) => d.label),
        ["latest window", "baseline"],
      );
      assert.ok(distribution.paintedPixels > 1000);
    }
    // Baseline histograms have 10 quantile bins; February stays inside January's range for distance.
    const distance = rendered.charts.find((c) => c.kind === "distribution" && c.feature === "distance")!;
    assert.strictEqual(distance.datasets[0].points, 10);
    const quantileFeatures = rendered.charts.filter((c) => c.kind === "quantiles").map((c) => c.feature);
    assert.deepStrictEqual(quantileFeatures, ["distance", "departure_hour", "delay", "predicted_delay"]);
    for (const chart of rendered.charts.filter((c) => c.kind === "quantiles")) {
      assert.deepStrictEqual(
        chart.datasets.map((d) => `${d.label}:${d.points}`),
        ["q0.05:28", "q0.25:28", "q0.5:28", "q0.75:28", "q0.95:28"],
      );
    }
  });

  it("shows outliers by the spec's two methods, the alert summary, and no dead letters", () => {
    const outliers = rendered.charts.filter((c) => c.kind === "outliers");
    assert.deepStrictEqual(outliers[0].datasets.map((d) => d.label).sort(), ["unseen", "zscore"]);
    const alerts = fs
      .readFileSync(path.join(dir, "results", "alert.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.length > 0 && (JSON.parse(line) as FinalDrift).pane.final).length;
    const windows = new Set(drift.map((r) => r.window.start)).size;
    assert.ok(
      rendered.text.includes(`${alerts} alert(s) over ${windows} windows`),
      `${alerts} alerts, ${windows} windows`,
    );
    assert.match(rendered.text, /No dead letters/);
    assert.ok(fs.statSync(path.join(dir, "report.png")).size > 10_000, "a screenshot was saved");
  });
});

describe("a report of 20,000 windows in Chromium", function () {
  this.timeout(90_000);

  it("draws each series downsampled to 400 points and says so on the chart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-large-"));
    try {
      const t0 = Date.UTC(2026, 0, 1);
      const lines: string[] = [];
      for (let i = 0; i < 20_000; i++) {
        const window = {
          start: new Date(t0 + i * 60_000).toISOString(),
          end: new Date(t0 + (i + 1) * 60_000).toISOString(),
        };
        const common = {
          model: "m",
          feature: "x",
          window,
          pane: { timing: "ON_TIME", index: 0, final: true },
        };
        lines.push(
          JSON.stringify({
            kind: "drift",
            ...common,
            metric: "psi",
            value: i % 7 === 0 ? 0.3 : 0.1,
            threshold: 0.25,
            drifted: i % 7 === 0,
          }),
        );
        lines.push(
          JSON.stringify({
            kind: "statistics",
            ...common,
            type: "numerical",
            quantiles: { "0.05": -1, "0.5": 0, "0.95": 1 },
            histogram: null,
          }),
        );
      }
      const results = path.join(dir, "results.jsonl");
      fs.writeFileSync(results, lines.join("\n") + "\n");
      const htmlFile = path.join(dir, "report.html");
      writeReport({ inputs: [results], outFile: htmlFile });
      const rendered = await openReport(htmlFile, path.join(dir, "report.png"));
      assert.deepStrictEqual(rendered.problems, []);
      const drift = rendered.charts.find((c) => c.kind === "drift")!;
      // 20,000 windows / 400 points = 50 windows per point.
      assert.strictEqual(drift.datasets[0].points, 400);
      assert.strictEqual(drift.title, "Drift: psi (each point: 50 windows)");
      const quantiles = rendered.charts.find((c) => c.kind === "quantiles")!;
      assert.deepStrictEqual(
        quantiles.datasets.map((d) => d.points),
        [400, 400, 400],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
