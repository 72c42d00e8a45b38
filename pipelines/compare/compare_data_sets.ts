import type { MonitorSpec } from "../spec/schema";
import type { BaselineProfile } from "../../transforms/baseline/baseline_profile";
import { driftPlan, DriftPlan, DriftSpecError } from "../../transforms/drift/drift_plan";
import { DriftVerdict, driftVerdicts } from "../../transforms/drift/drift_verdicts";
import { featureDrift } from "../../transforms/drift/feature_drift";
import { FeatureStatistics } from "../../transforms/statistics";
import { statisticsPlan } from "../../transforms/statistics/statistics_plan";
import { BaselineJobOptions, buildBaselineProfile } from "../baseline/build_baseline_profile";
import { profiledColumns } from "../baseline/profiled_columns";
import { readRows } from "../baseline/read_rows";
import type { BadTrainingRow, TrainingData } from "../baseline/readers";
import { monitoredFeatures } from "../spec/monitored_features";

export interface Comparison {
  /** The reference data's profile: what a baseline built from it by `model-monitor baseline` holds. */
  reference: BaselineProfile;
  plan: DriftPlan;
  /** Good rows of the current data, and bad ones (left out, as in the baseline job). */
  currentRows: number;
  currentBadRows: number;
  verdicts: DriftVerdict[];
}

export interface CompareOptions extends Pick<BaselineJobOptions, "binCount" | "onNotice"> {
  onBadRow?: (row: BadTrainingRow) => void;
}

/**
 * One-shot drift of `current` against `reference`, computed exactly as the
 * monitoring job computes a window's: the reference is profiled by the
 * baseline job (buildBaselineProfile), the current data goes through the
 * window's accumulator (FeatureStatistics, on the profile's histogram edges,
 * with the spec's statistics settings), and the same featureDrift and
 * driftVerdicts give the verdicts, the whole data set being one window (one
 * family for the multiple-testing correction).
 */
export async function compareDataSets(
  spec: MonitorSpec,
  reference: TrainingData,
  current: TrainingData,
  options: CompareOptions = {},
): Promise<Comparison> {
  if (spec.drift === undefined) {
    throw new DriftSpecError("the spec has no `drift` section: it says which metrics to compare with");
  }
  const notice = options.onNotice ?? (() => undefined);
  const profile = await buildBaselineProfile(spec, reference, { ...options, onBadRow: options.onBadRow });
  const plan = driftPlan({ ...spec, drift: spec.drift }, profile);
  const statistics = statisticsPlan(spec, profile);
  const declared =
    current.columns === undefined
      ? monitoredFeatures(spec)
      : profiledColumns(spec, new Set(current.columns), current.file, notice);
  const compared = new Set(plan.features.map((entry) => entry.feature));
  const columns = declared.filter((column) => compared.has(column.name));
  const windows = columns.map(() => FeatureStatistics.forFeatures(statistics.plans));
  const counts = await readRows(
    current,
    columns,
    (values) => values.forEach((value, i) => windows[i].add({ feature: columns[i].name, value })),
    { onBadRow: options.onBadRow },
  );
  const results = plan.features.flatMap((entry) => {
    const i = columns.findIndex((column) => column.name === entry.feature);
    const window = i >= 0 ? windows[i] : FeatureStatistics.forFeatures(statistics.plans);
    return featureDrift(
      entry.feature,
      entry.checks,
      profile.features[entry.feature],
      window,
      plan.minSamples,
    );
  });
  return {
    reference: profile,
    plan,
    currentRows: counts.rows,
    currentBadRows: counts.badRows,
    verdicts: driftVerdicts(results, plan.correction),
  };
}
