import "apache-beam";
import { freeLoopbackPort } from "../../runners/portable/free_loopback_port";
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { runMonitor } from "../../runners/run_monitor";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { closeMetricsEndpoints } from "../../transforms/io/prometheus/metrics_endpoint";
import { MonitorMetrics } from "../../transforms/io/prometheus/monitor_metrics";
import type { MonitorResult } from "../../transforms/io/results";

const EXAMPLE_SPEC = path.resolve(__dirname, "../../../examples/flights/monitor.yaml");

/** Samples of a Prometheus text exposition: `name{labels}` -> value. */
function samples(exposition: string): Map<string, number> {
  const parsed = new Map<string, number>();
  for (const line of exposition.split("\n")) {
    if (line.length === 0 || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    parsed.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return parsed;
}

const window = (minute: number) => ({
  start: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  end: new Date(Date.UTC(2026, 0, 1, 0, minute + 1)).toISOString(),
});
const drift = (minute: number, value: number | null, drifted: boolean | null, final = true) =>
  ({
    kind: "drift",
    model: "m",
    feature: "delay",
    role: "feature",
    metric: "psi",
    window: window(minute),
    pane: { timing: final ? "LATE" : "ON_TIME", index: final ? 1 : 0, final },
    value,
    threshold: 0.25,
    drifted,
    sampleSize: 100,
    emittedAt: "2026-01-01T00:00:00.000Z",
  }) as MonitorResult;

describe("Prometheus metrics of results", () => {
  it("keeps the latest window's drift, ignores a late pane of an older window, and drops a gauge without a verdict", async () => {
    const metrics = new MonitorMetrics();
    const series = 'model="m",feature="delay",metric="psi"';
    metrics.observe(drift(5, 0.4, true));
    metrics.observe(drift(4, 0.1, false));
    let scraped = samples(await metrics.registry.metrics());
    assert.strictEqual(scraped.get(`model_monitor_drift_value{${series}}`), 0.4);
    assert.strictEqual(scraped.get(`model_monitor_drift_threshold{${series}}`), 0.25);
    assert.strictEqual(scraped.get(`model_monitor_drifted{${series}}`), 1);
    assert.strictEqual(scraped.get('model_monitor_results_total{kind="drift"}'), 2);
    metrics.observe(drift(6, null, null));
    scraped = samples(await metrics.registry.metrics());
    assert.strictEqual(scraped.has(`model_monitor_drift_value{${series}}`), false);
    assert.strictEqual(scraped.has(`model_monitor_drifted{${series}}`), false);
    assert.strictEqual(scraped.get(`model_monitor_drift_threshold{${series}}`), 0.25);
  });

  it("counts an alert once per window (its final pane), and dead letters by reason", async () => {
    const metrics = new MonitorMetrics();
    const alert = (final: boolean) =>
      ({
        kind: "alert",
        model: "m",
        feature: "delay",
        rule: "drift",
        severity: "critical",
        window: window(1),
        pane: { timing: final ? "LATE" : "ON_TIME", index: final ? 1 : 0, final },
      }) as unknown as MonitorResult;
    metrics.observe(alert(false));
    metrics.observe(alert(true));
    for (const reason of ["bad-json", "bad-json", "bad-shape"]) {
      metrics.observe({ kind: "deadletter", reason } as unknown as MonitorResult);
    }
    const scraped = samples(await metrics.registry.metrics());
    assert.strictEqual(
      scraped.get('model_monitor_alerts_total{model="m",feature="delay",rule="drift",severity="critical"}'),
      1,
    );
    assert.strictEqual(scraped.get('model_monitor_dead_letters_total{reason="bad-json"}'), 2);
    assert.strictEqual(scraped.get('model_monitor_dead_letters_total{reason="bad-shape"}'), 1);
  });
});

describe("the job's own health metrics", () => {
  it("count each bundle's events, follow the run's late-drop total and time each bundle", async () => {
    const metrics = new MonitorMetrics();
    const nowMs = Date.parse("2026-01-01T00:01:30Z");
    metrics.bundleFinished(
      "m",
      {
        sourceElements: 10,
        watermarkMs: nowMs - 4000,
        durationMs: 20,
        backlog: { "log/0": 7, "log/1": 2 },
        droppedLate: 3,
      },
      nowMs,
    );
    metrics.bundleFinished(
      "m",
      { sourceElements: 15, watermarkMs: Infinity, durationMs: 700, backlog: { "log/0": 0 }, droppedLate: 3 },
      nowMs,
    );
    const scraped = samples(await metrics.registry.metrics());
    assert.strictEqual(scraped.get('model_monitor_source_records_total{model="m"}'), 25);
    assert.strictEqual(scraped.get('model_monitor_late_records_dropped_total{model="m"}'), 3);
    // The ended source's watermark (+∞) leaves the last finite lag: 4 s.
    assert.strictEqual(scraped.get('model_monitor_watermark_lag_seconds{model="m"}'), 4);
    assert.strictEqual(scraped.get('model_monitor_bundle_duration_seconds_count{model="m"}'), 2);
    assert.strictEqual(scraped.get('model_monitor_consumer_lag_records{model="m",partition="log/0"}'), 0);
    assert.strictEqual(scraped.get('model_monitor_consumer_lag_records{model="m",partition="log/1"}'), 2);
    assert.strictEqual(scraped.get('model_monitor_bundle_duration_seconds_bucket{le="0.05",model="m"}'), 1);
    assert.strictEqual(scraped.get('model_monitor_bundle_duration_seconds_bucket{le="1",model="m"}'), 2);
  });
});

describe("the Prometheus sink on the example job", function () {
  this.timeout(60_000);
  after(closeMetricsEndpoints);

  it("serves on /metrics what the file sink wrote in the same run", async () => {
    const port = await freeLoopbackPort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prometheus-sink-"));
    const spec = loadSpec(EXAMPLE_SPEC);
    await runMonitor(
      {
        ...spec,
        sinks: [
          { kind: "file", dir },
          { kind: "prometheus", port },
        ],
      },
      "direct",
    );
    const scraped = samples(await httpGet(`http://127.0.0.1:${port}/metrics`));
    const read = (kind: string) =>
      fs
        .readFileSync(path.join(dir, `${kind}.jsonl`), "utf8")
        .split("\n")
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line));
    const logLines = fs
      .readFileSync(path.join(path.dirname(EXAMPLE_SPEC), "inference_log.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.length > 0).length;
    assert.strictEqual(scraped.get('model_monitor_source_records_total{model="flight-delay"}'), logLines);
    assert.ok((scraped.get('model_monitor_bundle_duration_seconds_count{model="flight-delay"}') ?? 0) > 0);
    assert.strictEqual(scraped.get('model_monitor_late_records_dropped_total{model="flight-delay"}') ?? 0, 0);
    const outliers = read("outlier");
    for (const [feature, method] of [
      ["delay", "zscore"],
      ["origin", "unseen"],
      ["destination", "unseen"],
    ]) {
      const expected = outliers.filter((o) => o.feature === feature && o.method === method).length;
      assert.ok(expected > 0);
      const name = `model_monitor_outliers_total{model="flight-delay",feature="${feature}",method="${method}"}`;
      assert.strictEqual(scraped.get(name), expected, name);
    }
    // The last window's final KS record for delay is what the gauges hold.
    const delayKs = read("drift").filter((d) => d.feature === "delay" && d.metric === "ks" && d.pane.final);
    const last = delayKs.sort((a, b) => Date.parse(a.window.start) - Date.parse(b.window.start)).pop();
    const series = 'model="flight-delay",feature="delay",metric="ks"';
    assert.strictEqual(scraped.get(`model_monitor_drift_value{${series}}`), last.value);
    assert.strictEqual(scraped.get(`model_monitor_drift_p_value{${series}}`), last.adjustedPValue);
    assert.strictEqual(scraped.get(`model_monitor_drifted{${series}}`), Number(last.drifted));
    const finalAlerts = read("alert").filter(
      (a) => a.pane.final && a.rule === "drift" && a.feature === "delay",
    );
    const alertSamples = [...scraped].filter(([name]) =>
      name.startsWith('model_monitor_alerts_total{model="flight-delay",feature="delay",rule="drift"'),
    );
    assert.strictEqual(
      alertSamples.reduce((sum, [, value]) => sum + value, 0),
      finalAlerts.length,
    );
    assert.strictEqual(
      scraped.get('model_monitor_results_total{kind="statistics"}'),
      read("statistics").length,
    );
    // The example's 28 daily windows: the last one ends at 2026-01-01T00:28Z.
    assert.strictEqual(
      scraped.get('model_monitor_window_end_timestamp_seconds{model="flight-delay"}'),
      Date.UTC(2026, 0, 1, 0, 28) / 1000,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () =>
          response.statusCode === 200
            ? resolve(body)
            : reject(new Error(`${url}: HTTP ${response.statusCode}`)),
        );
      })
      .on("error", reject);
  });
}
