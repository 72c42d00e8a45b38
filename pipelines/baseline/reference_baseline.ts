import { z } from "zod";
import type { MonitorSpec } from "../spec/schema";
import { BaselineProfile, FeatureBaseline } from "../../transforms/baseline/baseline_profile";
import { Histogram, Moments } from "../../transforms/statistics";
import { BaselineDataError } from "./baseline_data_error";
import { monitoredFeatures } from "../spec/monitored_features";

const count = z.number().int().nonnegative();

/**
 * The reference system's hand-written baseline: per feature its descriptive
 * statistics, and its distribution as counts per equal-width bin keyed by the
 * bin's lower edge, e.g. {"4.4": 4, "4.575": 6, …}. Other statistics a
 * feature's entry may carry (sum, percentiles) are ignored.
 */
const referenceBaselineJson = z.object({
  descriptive: z.record(
    z.string(),
    z.object({
      count: count.min(1),
      avg: z.number(),
      stddev: z.number().nonnegative(),
      min: z.number(),
      max: z.number(),
    }),
  ),
  distributions: z.record(z.string(), z.record(z.string(), count)),
});
export interface ReferenceImportOptions {
  /** What the profile's `source.data` says; the file's name as given by default. */
  dataLabel?: string;
  /** Spec columns the reference lacks, reference features the spec lacks, counts that disagree. */
  onNotice?: (message: string) => void;
  now?: Date;
}

type ReferenceDescriptive = z.output<typeof referenceBaselineJson>["descriptive"][string];

/**
 * A baseline profile from the reference system's form, for the spec's
 * numerical features and prediction that it describes. It has moments and a
 * histogram, no quantile sketch, no categorical frequencies and no
 * co-moments, so drift tests that need those have no baseline for them.
 * Spec columns it lacks are left out (with a notice); a categorical spec
 * feature in it is an error, since its statistics are numerical.
 */
export function importReferenceBaseline(
  spec: MonitorSpec,
  json: unknown,
  file: string,
  options: ReferenceImportOptions = {},
): BaselineProfile {
  const onNotice = options.onNotice ?? (() => undefined);
  const parsed = referenceBaselineJson.safeParse(json);
  if (!parsed.success) {
    throw new BaselineDataError(
      `${file}: not the reference baseline form {descriptive: {<feature>: {count, avg, stddev, min, max}}, ` +
        `distributions: {<feature>: {<lower edge>: count}}}:\n${z.prettifyError(parsed.error)}`,
    );
  }
  const reference = parsed.data;
  const columns = monitoredFeatures(spec);
  const features: Record<string, FeatureBaseline> = {};
  for (const column of columns) {
    const descriptive = reference.descriptive[column.name];
    if (descriptive === undefined) {
      onNotice(`${file}: no entry for "${column.name}": it has no baseline`);
      continue;
    }
    const where = `${file}: feature "${column.name}"`;
    if (column.type === "categorical") {
      throw new BaselineDataError(
        `${where} is categorical in the spec, but the reference baseline is numerical`,
      );
    }
    const distribution = reference.distributions[column.name];
    if (distribution === undefined)
      throw new BaselineDataError(`${where}: descriptive statistics but no distribution`);
    features[column.name] = {
      type: "numerical",
      moments: referenceMoments(descriptive),
      histogram: referenceHistogram(descriptive, distribution, where, onNotice),
      edgesRule:
        "imported: the reference's bins by lower edge, the last closed at max(lower edge + bin width, max)",
    };
  }
  const specNames = new Set(columns.map((column) => column.name));
  const ignored = Object.keys(reference.descriptive).filter((name) => !specNames.has(name));
  if (ignored.length > 0) onNotice(`${file}: not in the spec, ignored: ${ignored.join(", ")}`);
  const counts = Object.keys(features).map((name) => reference.descriptive[name].count);
  if (counts.length === 0) {
    throw new BaselineDataError(
      `${file}: describes none of the spec's features (${[...specNames].join(", ")})`,
    );
  }
  return {
    model: spec.model,
    createdAt: (options.now ?? new Date()).toISOString(),
    // rows: the largest descriptive count, as the reference records no row count of its own.
    source: { data: options.dataLabel ?? file, rows: Math.max(...counts), badRows: 0 },
    features,
  };
}

/**
 * Moments from (count, mean, stddev, min, max). The reference's stddev is the
 * sample standard deviation, √(Σ(x − x̄)²/(n − 1)): its Stddev statistic
 * defaults to SAMPLE, and its own Iris baseline bears that out (species coded
 * 0/1/2 with 42/36/42 flowers: avg 1, Σ(x − x̄)² = 84, stddev given 0.84016806
 * = √(84/119), where the population form would be √(84/120) = 0.83666). So
 *   m2 = Σ(x − x̄)² = stddev²·(count − 1),  sum = avg·count.
 */
function referenceMoments(descriptive: ReferenceDescriptive): Moments {
  const { count: n, avg, stddev, min, max } = descriptive;
  return Moments.fromJSON({
    count: n,
    missing: 0,
    nonFinite: 0,
    sum: avg * n,
    mean: avg,
    m2: stddev * stddev * (n - 1),
    min,
    max,
  });
}

/**
 * The reference's bins as a histogram. Its keys are lower edges only; the
 * last bin's upper edge is its lower edge plus the bin width (the bins are
 * equal-width), or the feature's max when that is larger, so the baseline's
 * max falls inside as in our own profiles.
 */
function referenceHistogram(
  descriptive: ReferenceDescriptive,
  distribution: Record<string, number>,
  where: string,
  onNotice: (message: string) => void,
): Histogram {
  const bins = Object.entries(distribution).map(([edge, binCount]) => {
    const lower = Number(edge);
    if (edge.trim() === "" || !Number.isFinite(lower)) {
      throw new BaselineDataError(
        `${where}: distribution key "${edge}" is not a number (a bin's lower edge)`,
      );
    }
    return { lower, count: binCount };
  });
  if (bins.length === 0) throw new BaselineDataError(`${where}: the distribution has no bins`);
  bins.sort((a, b) => a.lower - b.lower);
  const lowers = bins.map((bin) => bin.lower);
  const last = lowers[lowers.length - 1];
  const width = lowers.length >= 2 ? last - lowers[lowers.length - 2] : 0;
  const upper = Math.max(last + width, descriptive.max);
  const counts = bins.map((bin) => bin.count);
  const total = counts.reduce((sum, binCount) => sum + binCount, 0);
  if (total !== descriptive.count) {
    onNotice(
      `${where}: the distribution counts ${total} values, the descriptive count is ${descriptive.count}`,
    );
  }
  try {
    // A single bin at the max is the point bin [max, max].
    const edges = upper > last ? [...lowers, upper] : [last, last];
    return Histogram.fromJSON({ edges, counts, underflow: 0, overflow: 0, missing: 0, nonFinite: 0 });
  } catch (error) {
    throw new BaselineDataError(`${where}: ${(error as Error).message}`);
  }
}
