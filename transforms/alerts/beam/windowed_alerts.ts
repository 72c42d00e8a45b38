import * as beam from "apache-beam";
import { requireForSerialization } from "apache-beam/serialization";
import { groupByKey } from "apache-beam/transforms/internal";
import type { WindowSpecMs } from "../../windowing/spec_windowing";
import type { DriftRecord } from "../../drift/drift_record";
import * as windowLabels from "../../io/window_labels";
import type { OutlierCounts } from "../../outliers/beam/outlier_counts";
import { consecutiveWindowPairs, regroupWindowing } from "../../windowing/regroup_windowing";
import * as alertCandidate from "../alert_candidate";
import type { AlertRecord } from "../alert_record";

requireForSerialization("beam-model-monitor/transforms/alerts/alert_candidate", alertCandidate);
requireForSerialization("beam-model-monitor/transforms/io/window_labels", windowLabels);

interface WindowContext {
  window: beam.ParDoLookupParam<beam.Window>;
  pane: beam.ParDoLookupParam<beam.PaneInfo>;
}

/** Every drift record as an alert candidate (fired or not: the next window needs both to tell continuation). */
export function driftAlertCandidates(
  criticalFactor: number,
): beam.PTransform<beam.PCollection<DriftRecord>, beam.PCollection<alertCandidate.AlertCandidate>> {
  return beam.withName("driftAlertCandidates", (records: beam.PCollection<DriftRecord>) =>
    records.map(
      beam.withName("driftCandidate", (record: DriftRecord) =>
        alertCandidate.driftCandidate(record, criticalFactor),
      ),
    ),
  );
}

/** Each window pane's outlier counts as an outlier-rate alert candidate. */
export function outlierRateAlertCandidates(
  settings: { outlierRate: number; minInstances: number; criticalFactor: number },
  windowShiftMs: number,
): beam.PTransform<
  beam.PCollection<beam.KV<string, OutlierCounts>>,
  beam.PCollection<alertCandidate.AlertCandidate>
> {
  return beam.withName(
    "outlierRateAlertCandidates",
    (counts: beam.PCollection<beam.KV<string, OutlierCounts>>) =>
      counts.apply(
        beam.parDo<beam.KV<string, OutlierCounts>, alertCandidate.AlertCandidate, WindowContext>(
          {
            process: function* (window, context) {
              yield alertCandidate.outlierRateCandidate(
                window.value,
                windowLabels.intervalOf(context.window.lookup(), windowShiftMs),
                context.pane.lookup().index,
                settings,
              );
            },
          },
          { window: beam.windowParam(), pane: beam.paneInfoParam() },
        ),
      ),
  );
}

/**
 * `alert` records from alert candidates (drift verdicts, outlier rates) of
 * the spec's windows. Whether an alert continues one of the window before
 * needs the previous window's outcome, and this SDK has no user state, so
 * candidates are regrouped into windows of two consecutive spec windows
 * (consecutiveWindowPairs: size 2·slide, ending with the current window), per
 * rule, feature and metric. A pair window fires when the current window's
 * results do (its end is the current window's end), and compares the two
 * windows' latest panes (consecutiveAlert). Limits: only the window one slide
 * before counts, so an alert after a window with no data, or with no verdict
 * ("insufficient data"), is new again; and a previous window's late data
 * counts only if it arrived before the current window's pane fired.
 */
export function consecutiveAlerts(
  model: string,
  windowSpec: WindowSpecMs,
  windowShiftMs: number,
): beam.PTransform<beam.PCollection<alertCandidate.AlertCandidate>[], beam.PCollection<AlertRecord>> {
  const slideMs = windowSpec.slideMs ?? windowSpec.sizeMs;
  const pairs = consecutiveWindowPairs(windowSpec);
  return beam.withName(
    "consecutiveAlerts",
    (candidateStreams: beam.PCollection<alertCandidate.AlertCandidate>[]) =>
      beam
        .P(
          candidateStreams.map((stream, i) =>
            stream.apply(regroupWindowing(`consecutiveWindows${i}`, windowSpec, pairs)),
          ),
        )
        .apply(beam.withName("allCandidates", beam.flatten<alertCandidate.AlertCandidate>()))
        .map(
          beam.withName("byRule", (candidate: alertCandidate.AlertCandidate) => ({
            key: JSON.stringify([candidate.rule, candidate.feature, candidate.evidence.metric]),
            value: candidate,
          })),
        )
        .apply(groupByKey())
        .apply(
          beam.withName(
            "alertRecords",
            beam.parDo<beam.KV<string, Iterable<alertCandidate.AlertCandidate>>, AlertRecord, WindowContext>(
              {
                process: function* (rule, context) {
                  const pair = windowLabels.intervalOf(context.window.lookup(), windowShiftMs);
                  const alert = alertCandidate.consecutiveAlert(rule.value, Date.parse(pair.end), slideMs);
                  if (alert === undefined) return;
                  const candidate = alert.candidate;
                  yield {
                    kind: "alert",
                    model,
                    feature: candidate.feature,
                    window: candidate.window,
                    pane: windowLabels.paneLabel(context.pane.lookup()),
                    rule: candidate.rule,
                    severity: candidate.severity,
                    continuing: alert.continuing,
                    evidence: candidate.evidence,
                    emittedAt: new Date().toISOString(),
                  };
                },
              },
              { window: beam.windowParam(), pane: beam.paneInfoParam() },
            ),
          ),
        ),
  );
}
