import * as fs from "fs";
import * as path from "path";
import type { ReportData } from "./report_data";

/** Chart.js' UMD bundle: read from node_modules when a report is written and inlined, so the file needs no network. */
export function chartLibrarySource(): string {
  // The package's "exports" hide dist/ files; its CommonJS entry sits beside the UMD bundle.
  return fs.readFileSync(path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js"), "utf8");
}

/** Inside a <script> element only `</script` (any case) and `<!--` can end or break it. */
function scriptSafe(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/** A self-contained HTML page: styles, the chart library, the data as JSON and the script that draws it. */
export function renderReportHtml(data: ReportData, chartLibrary: string): string {
  const title = `Model monitoring report: ${data.models.join(", ") || "(no results)"}`;
  // JSON inside a script element: escaping "<" keeps any "</script>" in a feature or category name inert.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div id="report"></div>
<script id="report-data" type="application/json">${json}</script>
<script>${scriptSafe(chartLibrary)}</script>
<script>${scriptSafe(PAGE_SCRIPT)}</script>
</body>
</html>
`;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; max-width: 1400px; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }
td, th { border: 1px solid #ddd; padding: 0.2rem 0.5rem; text-align: left; }
.critical { color: #b00020; font-weight: 600; } .none { color: #2e7d32; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.chart { width: 440px; height: 260px; position: relative; }
.note { font-size: 0.8rem; color: #555; }
`;

/**
 * Runs in the browser. Plain ES2017 without template literals, so that it can
 * sit in this file as a string. Every chart's canvas has `data-chart` (its
 * kind) and `data-feature`, so a test can find it and read back its series.
 */
const PAGE_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var root = document.getElementById("report");
  var palette = ["#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
  var DRIFTED = "#d62728", CALM = "#2ca02c";
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function day(ms) { return new Date(ms).toISOString().replace("T", " ").replace(/:00\\.000Z$/, "").replace(/\\.000Z$/, ""); }
  // Every time axis spans the same windows, so charts line up one under another.
  var firstMs = data.firstWindow ? Date.parse(data.firstWindow) : undefined;
  var lastMs = data.lastWindow ? Date.parse(data.lastWindow) : undefined;
  function timeAxis() {
    return { type: "linear", min: firstMs, max: lastMs, ticks: { callback: function (v) { return day(v); }, maxTicksLimit: 6 } };
  }
  function pValueTick(v) { return v >= 0.01 ? String(v) : Number(v).toExponential(0); }
  function downsampled(n) { return n > 1 ? " (each point: " + n + " windows)" : ""; }
  function chart(parent, kind, feature, config) {
    var box = el("div", { class: "chart" });
    var canvas = el("canvas", { "data-chart": kind, "data-feature": feature });
    box.appendChild(canvas);
    parent.appendChild(box);
    return new Chart(canvas, config);
  }
  function table(parent, header, rows) {
    var t = el("table");
    var tr = el("tr");
    header.forEach(function (h) { tr.appendChild(el("th", {}, h)); });
    t.appendChild(tr);
    rows.forEach(function (row) {
      var r = el("tr");
      row.forEach(function (cell) { r.appendChild(el("td", {}, String(cell))); });
      t.appendChild(r);
    });
    parent.appendChild(t);
  }

  var summary = el("section", { id: "summary" });
  summary.appendChild(el("h2", {}, "Alerts"));
  summary.appendChild(el("p", { class: data.alerts.total > 0 ? "critical" : "none" },
    data.alerts.total + " alert(s) over " + data.windowCount + " windows" +
    (data.firstWindow ? " (" + day(Date.parse(data.firstWindow)) + " to " + day(Date.parse(data.lastWindow)) + ")" : "") +
    "; latest pane of each window."));
  if (data.alerts.rows.length > 0) {
    table(summary, ["rule", "feature", "metric", "windows", "critical", "new (not continuing)", "first window", "last window"],
      data.alerts.rows.map(function (r) {
        return [r.rule, r.feature, r.metric, r.windows, r.critical, r.started, r.firstWindow, r.lastWindow];
      }));
    var details = el("details");
    details.appendChild(el("summary", {}, "Latest " + data.alerts.recent.length + " alerts"));
    table(details, ["window start", "rule", "feature", "metric", "severity", "value", "threshold", "continuing"],
      data.alerts.recent.map(function (a) {
        return [a.window.start, a.rule, a.feature, a.evidence.metric, a.severity, a.evidence.value, a.evidence.threshold, a.continuing];
      }));
    summary.appendChild(details);
  }
  root.appendChild(summary);

  data.features.forEach(function (f) {
    var section = el("section", { class: "feature", "data-feature": f.feature });
    section.appendChild(el("h2", {}, f.feature + " (" + f.type + ")"));
    var charts = el("div", { class: "charts" });
    section.appendChild(charts);
    f.drift.forEach(function (series, i) {
      var isTest = series.scale === "pValue";
      chart(charts, "drift", f.feature, {
        type: "line",
        data: { datasets: [
          { label: series.metric + " " + series.plotted + (isTest ? " (drifted below the line)" : " (drifted above the line)"),
            data: series.points, borderColor: palette[i % palette.length], spanGaps: false,
            pointRadius: series.points.length > 100 ? 1.5 : 3,
            pointBackgroundColor: series.points.map(function (p) { return p.drifted ? DRIFTED : CALM; }),
            pointBorderColor: series.points.map(function (p) { return p.drifted ? DRIFTED : CALM; }) },
          { label: isTest ? "α " + series.threshold : "threshold at each window's size (max(" + series.threshold + ", null quantile))",
            data: series.points.map(function (p) { return { x: p.x, y: p.threshold }; }),
            borderColor: DRIFTED, borderDash: [6, 4], pointRadius: 0, stepped: true }
        ] },
        options: { parsing: false, scales: { x: timeAxis(), y: isTest ? { type: "logarithmic", ticks: { callback: pValueTick } } : { type: "linear" } },
          plugins: { title: { display: true, text: "Drift: " + series.metric + downsampled(series.windowsPerPoint) } } }
      });
    });
    if (f.latest) {
      var datasets = [{ label: "latest window", data: f.latest.current, backgroundColor: "#1f77b4" }];
      if (f.latest.baseline) datasets.push({ label: "baseline", data: f.latest.baseline, backgroundColor: "#bbbbbb" });
      chart(charts, "distribution", f.feature, {
        type: "bar",
        data: { labels: f.latest.bins, datasets: datasets },
        options: { scales: { y: { title: { display: true, text: "share" } } },
          plugins: { title: { display: true, text: (f.type === "numerical" ? "Histogram" : "Category shares") +
            ", window " + day(Date.parse(f.latest.window.start)) } } }
      });
    }
    if (f.quantiles) {
      var levels = f.quantiles.levels;
      chart(charts, "quantiles", f.feature, {
        type: "line",
        data: { datasets: levels.map(function (level, i) {
          var outer = i === 0 || i === levels.length - 1;
          return { label: "q" + level, pointRadius: 0, borderWidth: outer ? 1 : 2,
            borderColor: outer ? "#9ecae1" : palette[i % palette.length],
            backgroundColor: "rgba(158, 202, 225, 0.3)", fill: i === levels.length - 1 ? 0 : false,
            data: f.quantiles.points.map(function (p) { return { x: p.x, y: p.values[i] }; }) };
        }) },
        options: { parsing: false, scales: { x: timeAxis() },
          plugins: { title: { display: true, text: "Quantiles over time" + downsampled(f.quantiles.windowsPerPoint) +
            (f.quantiles.windowsPerPoint > 1 ? "; outer: min/max, inner: mean" : "") } } }
      });
    }
    root.appendChild(section);
  });

  var outliers = el("section", { id: "outliers" });
  outliers.appendChild(el("h2", {}, "Outliers"));
  if (data.outliers.methods.length === 0) outliers.appendChild(el("p", { class: "none" }, "No outlier records."));
  else {
    var box = el("div", { class: "charts" });
    outliers.appendChild(box);
    chart(box, "outliers", "*", {
      type: "line",
      data: { datasets: data.outliers.methods.map(function (m, i) {
        return { label: m.method, data: m.points, borderColor: palette[i % palette.length], pointRadius: 0 };
      }) },
      options: { parsing: false, scales: { x: timeAxis(), y: { title: { display: true, text: "flagged per bucket" } } },
        plugins: { title: { display: true, text: "Outliers by method per " + (data.outliers.bucketMs / 1000) + " s of event time" } } }
    });
  }
  root.appendChild(outliers);

  var dead = el("section", { id: "deadletters" });
  dead.appendChild(el("h2", {}, "Dead letters"));
  if (data.deadLetters.length === 0) dead.appendChild(el("p", { class: "none" }, "No dead letters: every input record parsed."));
  else {
    var deadBox = el("div", { class: "charts" });
    dead.appendChild(deadBox);
    chart(deadBox, "deadletters", "*", {
      type: "bar",
      data: { labels: data.deadLetters.map(function (d) { return d.reason; }),
        datasets: [{ label: "dead letters", data: data.deadLetters.map(function (d) { return d.count; }), backgroundColor: DRIFTED }] },
      options: { plugins: { title: { display: true, text: "Dead letters by reason" } } }
    });
  }
  root.appendChild(dead);
  document.body.setAttribute("data-rendered", "true");
})();
`;
