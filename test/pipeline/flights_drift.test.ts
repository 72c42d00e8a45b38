import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fitDelayModel } from "../../examples/flights/delay_model";
import { flightsBetween, loadFlights } from "../../examples/flights/flights";
import { inferenceExchanges, kafkaRecordsInDeliveryOrder } from "../../examples/flights/inference_log";
import { LOG_SEED, SERVING_START_MS, TRAINING_START_MS } from "../../examples/flights/make_logs";
import { runMonitor } from "../../runners/run_monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import type { MonitorSpec } from "../../pipelines/spec/schema";
import { latestPanes, type WindowedResult } from "../support/latest_panes";

const EXAMPLE = path.resolve(__dirname, "../../../examples/flights");
/** The stream starts at 2026-01-01T00:00Z; one day of flights is one 60 s window. */
const dayOf = (windowStart: string) => (Date.parse(windowStart) - Date.UTC(2026, 0, 1)) / 60_000 + 1;

interface Alert {
  kind: string;
  rule: string;
  feature: string;
  window: { start: string; end: string };
  pane: { timing: string; index: number; final: boolean };
  continuing: boolean;
  evidence: { metric: string };
}

async function finalResults(spec: MonitorSpec, log: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flights-drift-"));
  await runMonitor(
    { ...spec, source: { kind: "file", path: log, replaySpeed: 0 }, sinks: [{ kind: "file", dir }] },
    "direct",
  );
  const read = <T>(kind: string) =>
    fs
      .readFileSync(path.join(dir, `${kind}.jsonl`), "utf8")
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as T);
  // What a consumer keeps: the latest pane of each result.
  const alerts = [...latestPanes(read<Alert>("alert")).values()];
  const daysWith = (keep: (alert: Alert) => boolean) =>
    [...new Set(alerts.filter(keep).map((a) => dayOf(a.window.start)))].sort((a, b) => a - b);
  return {
    outliers: read("outlier").length,
    drift: latestPanes(read<WindowedResult>("drift")).size,
    windows: new Set(read<{ window: { start: string } }>("statistics").map((r) => r.window.start)).size,
    delayDriftDays: daysWith((a) => a.rule === "drift" && a.feature === "delay"),
    otherDriftDays: daysWith((a) => a.rule === "drift" && a.feature !== "delay"),
    otherDriftAlerts: alerts
      .filter((a) => a.rule === "drift" && a.feature !== "delay")
      .map((a) => `${dayOf(a.window.start)} ${a.feature} ${a.evidence.metric}`),
    outlierRateDays: daysWith((a) => a.rule === "outlier_rate"),
  };
}

/**
 * The outlier records the spec's detectors must write for a log, counted here without the job: per
 * request instance, one when |delay − mean| / s > 3 against the baseline's moments (s the sample
 * standard deviation, √(m2 / (n − 1))), one per origin or destination airport the baseline never saw.
 */
function expectedOutliers(log: string): number {
  const baseline = JSON.parse(fs.readFileSync(path.join(EXAMPLE, "baseline.json"), "utf8")) as {
    features: Record<
      string,
      {
        moments?: { count: number; mean: number; m2: number };
        frequencies?: { counters: [string, number][] };
      }
    >;
  };
  const delay = baseline.features.delay.moments!;
  const stddev = Math.sqrt(delay.m2 / (delay.count - 1));
  const seen = (feature: string) =>
    new Set(baseline.features[feature].frequencies!.counters.map((c) => c[0]));
  const origins = seen("origin");
  const destinations = seen("destination");
  let outliers = 0;
  for (const line of fs.readFileSync(log, "utf8").trimEnd().split("\n")) {
    const record = JSON.parse(line) as { headers: string[]; payload: string };
    if (record.headers[record.headers.indexOf("ce_type") + 1] !== "org.kubeflow.serving.inference.request")
      continue;
    for (const instance of (
      JSON.parse(record.payload) as { instances: [number, number, number, string, string][] }
    ).instances) {
      if (Math.abs(instance[2] - delay.mean) / stddev > 3) outliers += 1;
      if (!origins.has(instance[3])) outliers += 1;
      if (!destinations.has(instance[4])) outliers += 1;
    }
  }
  return outliers;
}

/** January, the baseline period, as an inference log built like the example's February one (make_logs). */
function januaryLog(): string {
  const flights = loadFlights();
  const january = flightsBetween(flights, TRAINING_START_MS, SERVING_START_MS);
  const exchanges = inferenceExchanges(january, fitDelayModel(january), TRAINING_START_MS, LOG_SEED);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "january-")), "january.jsonl");
  fs.writeFileSync(
    file,
    kafkaRecordsInDeliveryOrder(exchanges)
      .map((r) => JSON.stringify(r))
      .join("\n") + "\n",
  );
  return file;
}

describe("the flights example's outliers, drift and alerts", function () {
  this.timeout(90_000);
  const spec = loadSpec(path.join(EXAMPLE, "monitor.yaml"));
  let february: Awaited<ReturnType<typeof finalResults>>;
  let january: Awaited<ReturnType<typeof finalResults>>;

  before(async () => {
    february = await finalResults(spec, path.join(EXAMPLE, "inference_log.jsonl"));
    january = await finalResults(spec, januaryLog());
    const rate = (days: number[], of: number) =>
      `${days.length}/${of} = ${((100 * days.length) / of).toFixed(0)} %`;
    console.log(
      `      windows with a drift alert — January (baseline period): delay ${rate(january.delayDriftDays, 31)}, ` +
        `other features ${rate(january.otherDriftDays, 31)}; February: delay days ${february.delayDriftDays.join(", ")}, ` +
        `other features ${rate(february.otherDriftDays, 28)} (${february.otherDriftAlerts.join(", ")}; January: ` +
        `${january.delayDriftDays.join(", ")}; ${january.otherDriftAlerts.join(", ")}); outlier-rate alerts: January ` +
        `${rate(january.outlierRateDays, 31)}, February days ${february.outlierRateDays.join(", ")}`,
    );
  });

  it("writes outlier, drift and alert records for February", () => {
    assert.strictEqual(february.windows, 28);
    // 237, as the README's run shows.
    assert.strictEqual(february.outliers, expectedOutliers(path.join(EXAMPLE, "inference_log.jsonl")));
    // 7 comparisons per day: ks on 3 numerical features and the prediction, psi on delay, L∞ on 2 airports.
    assert.strictEqual(february.drift, 28 * 7);
  });

  it("flags the delay of Feb 22–25, the start of the late-February period (mean delay 17.6 vs 6.4 min)", () => {
    for (const day of [22, 23, 24, 25]) assert.ok(february.delayDriftDays.includes(day), `Feb ${day}`);
  });

  it("raises drift alerts on the features that did not change in 2 of 59 windows, about the tests' level", () => {
    // KS is scipy's exact test now (no sketch-error subtraction): at α = 0.05 with the Benjamini–Hochberg
    // correction over a day's 5 tests, one false alarm in 59 days' 4 unchanged numerical features is
    // expected about as often as 2; both are `distance` (a route mix that varies by day).
    assert.deepStrictEqual(
      [february.otherDriftAlerts, january.otherDriftAlerts],
      [["26 distance ks"], ["11 distance ks"]],
    );
  });

  it("flags few days of the baseline period itself, each one a day unlike the month as a whole", () => {
    // Measured: Jan 1–4 (New Year travel) and Jan 18–20, 22, 23, whose own exact KS p-values against the
    // whole month are small — real day-to-day variation (a day's flights share its weather), not sampling noise.
    assert.strictEqual(january.windows, 31);
    assert.deepStrictEqual(january.delayDriftDays, [1, 2, 3, 4, 18, 19, 20, 22, 23]);
    assert.ok(january.outlierRateDays.length <= 1, `${january.outlierRateDays}`);
  });
});
