import type { z } from "zod";
import type { OutlierSpec } from "../../transforms/outliers/outlier_spec";
import type { AlertsSpec } from "./alerts_spec";
import type { DriftSpec } from "./drift_spec";

// The `outliers:` section's schema lives with the detectors it configures.
export { outliersSpecSchema } from "../../transforms/outliers/outlier_spec";

/**
 * Checks across sections: outliers and drift compare with the baseline
 * profile, so they need `baseline`; an outlier-rate alert needs detectors.
 * (Whether the baseline covers the features named is checked when the job
 * loads it.)
 */
export function checkBaselineUsers(
  spec: { baseline?: string; outliers: OutlierSpec[]; drift?: DriftSpec; alerts: AlertsSpec },
  context: z.RefinementCtx,
): void {
  const needsBaseline = (section: "outliers" | "drift") =>
    context.addIssue({
      code: "custom",
      message:
        `${section} compares with a baseline profile: set \`baseline\` to one ` +
        "(built from training data by `model-monitor baseline`)",
      path: [section],
    });
  if (spec.baseline === undefined && spec.outliers.length > 0) needsBaseline("outliers");
  if (spec.baseline === undefined && spec.drift !== undefined) needsBaseline("drift");
  if (spec.alerts.outlierRate !== undefined && spec.outliers.length === 0) {
    context.addIssue({
      code: "custom",
      message: "an outlier-rate alert needs outlier detectors: add `outliers` entries",
      path: ["alerts", "outlierRate"],
    });
  }
}
