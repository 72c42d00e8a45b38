import { z } from "zod";
import { DEFAULT_MIN_SAMPLES } from "./drift_spec";

/** How far beyond its threshold evidence must be for a `critical` alert (see `criticalFactor`). */
export const DEFAULT_CRITICAL_FACTOR = 2;

/**
 * The spec's `alerts:` section: when the job writes `alert` records. Every
 * field has a default, so `alerts:` can be left out: then every drift verdict
 * (`drifted: true`) raises an alert and outlier rates raise none.
 */
export const alertsSpecSchema = z.strictObject({
  /** Alert on `drifted: true` drift records. */
  drift: z.boolean().default(true),
  /**
   * Alert when the share of a window's request instances that some outlier
   * detector flags is above this (0.05: more than 1 in 20). Needs `outliers`.
   */
  outlierRate: z.number().gt(0).lt(1).optional(),
  /** Windows with fewer request instances than this raise no outlier-rate alert (one odd request is not a rate). */
  minInstances: z.number().int().positive().default(DEFAULT_MIN_SAMPLES),
  /**
   * Severity: `critical` when the evidence is at least this many times beyond
   * its threshold — value ≥ factor · threshold for a distance or a rate,
   * p ≤ threshold^factor for a test (−ln p ≥ factor · −ln α) — else `warning`.
   */
  criticalFactor: z.number().gt(1).default(DEFAULT_CRITICAL_FACTOR),
});
export type AlertsSpec = z.output<typeof alertsSpecSchema>;
