import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { MonitorMetrics } from "../../transforms/io/prometheus/monitor_metrics";

const DASHBOARD = path.resolve(__dirname, "../../../deploy/grafana/model_monitor_dashboard.json");

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
  templating: { list: { name: string; query: string | { query: string } }[] };
}

/**
 * The series the code really exports, with their label names: a histogram
 * is read through its `_bucket` (with `le`), `_sum` and `_count` series.
 */
function exportedMetrics(): Map<string, string[]> {
  const registry = new MonitorMetrics().registry;
  return new Map(
    registry.getMetricsAsArray().flatMap((metric) => {
      const labelNames = (metric as unknown as { labelNames: string[] }).labelNames;
      if ((metric as unknown as { type: string }).type !== "histogram") return [[metric.name, labelNames]];
      return [
        [metric.name, labelNames],
        [`${metric.name}_bucket`, [...labelNames, "le"]],
        [`${metric.name}_sum`, labelNames],
        [`${metric.name}_count`, labelNames],
      ];
    }),
  );
}

/** Every PromQL expression of the dashboard: panel targets and template-variable queries. */
function expressions(dashboard: Dashboard): { where: string; expr: string }[] {
  return [
    ...dashboard.panels.flatMap((panel) => panel.targets.map((t) => ({ where: panel.title, expr: t.expr }))),
    ...dashboard.templating.list
      .filter((variable) => variable.name !== "datasource")
      .map((variable) => ({
        where: `variable ${variable.name}`,
        expr: typeof variable.query === "string" ? variable.query : variable.query.query,
      })),
  ];
}

describe("the Grafana dashboard (deploy/grafana)", () => {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, "utf8")) as Dashboard;
  const metrics = exportedMetrics();
  const used = expressions(dashboard);

  it("uses only metrics the code exports, with labels those metrics have", () => {
    for (const { where, expr } of used) {
      const names = [...expr.matchAll(/\b(model_monitor_[a-z_]+)\b/g)].map((m) => m[1]);
      assert.ok(names.length > 0, `${where}: ${expr} reads no model_monitor_ metric`);
      for (const name of names) assert.ok(metrics.has(name), `${where}: ${name} is not exported`);
      const labelsOfAll = names.map((name) => new Set(metrics.get(name)));
      const selectorLabels = [...expr.matchAll(/(model_monitor_[a-z_]+)\{([^}]*)\}/g)].flatMap((m) =>
        [...m[2].matchAll(/([a-z_]+)\s*(=~|!~|!=|=)/g)].map((l) => ({ metric: m[1], label: l[1] })),
      );
      for (const { metric, label } of selectorLabels) {
        assert.ok(metrics.get(metric)!.includes(label), `${where}: ${metric} has no label ${label}`);
      }
      const groupingLabels = [...expr.matchAll(/\b(?:by|on)\s*\(([^)]*)\)/g)].flatMap((m) =>
        m[1].split(",").map((label) => label.trim()),
      );
      for (const label of groupingLabels) {
        assert.ok(
          labelsOfAll.every((labels) => labels.has(label)),
          `${where}: grouping by ${label}, which not every metric of "${expr}" has`,
        );
      }
    }
  });

  it("reads counters only through rate() or increase()", () => {
    for (const { where, expr } of used) {
      for (const match of expr.matchAll(/model_monitor_[a-z_]+_total/g)) {
        const before = expr.slice(0, match.index);
        assert.match(before, /(rate|increase)\($/, `${where}: ${match[0]} outside rate()/increase()`);
      }
    }
  });

  it("shows every exported metric somewhere", () => {
    const shown = new Set(
      used.flatMap(({ expr }) => [...expr.matchAll(/model_monitor_[a-z_]+/g)].map((m) => m[0])),
    );
    const registered = new MonitorMetrics().registry.getMetricsAsArray().map((metric) => metric.name);
    // A histogram is shown when any of its series (_bucket, _sum, _count) is.
    const isShown = (name: string) =>
      [...shown].some((series) => series === name || series.startsWith(`${name}_`));
    assert.deepStrictEqual(
      registered.filter((name) => !isShown(name)),
      [],
    );
  });
});
