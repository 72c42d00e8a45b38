import type { MonitorResult } from "../io/results";
import type { InferenceRecord } from "../parse/inference_record";
import type { OutlierDetector, OutlierFinding } from "./detector";

/**
 * One flagged (record, feature, method): emitted per record as soon as it is
 * processed, with no window. `instance` tells apart the rows of one request.
 */
export interface OutlierRecord extends MonitorResult, OutlierFinding {
  kind: "outlier";
  model: string;
  requestId: string;
  /** Position of the flagged instance within its request (0-based). */
  instance: number;
  eventTimeMs: number;
}

/** Every detector's findings for one record, as outlier records emitted at `nowMs`. */
export function outliersOf(
  record: InferenceRecord,
  detectors: readonly OutlierDetector[],
  nowMs: number,
): OutlierRecord[] {
  const outliers: OutlierRecord[] = [];
  const emittedAt = new Date(nowMs).toISOString();
  for (const detector of detectors) {
    for (const finding of detector.detect(record.features)) {
      outliers.push({
        kind: "outlier",
        model: record.model,
        requestId: record.requestId,
        instance: record.instance,
        eventTimeMs: record.eventTimeMs,
        feature: finding.feature,
        value: finding.value,
        method: finding.method,
        score: finding.score,
        threshold: finding.threshold,
        emittedAt,
      });
    }
  }
  return outliers;
}
