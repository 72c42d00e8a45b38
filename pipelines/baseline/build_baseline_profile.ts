import type { FeatureSpec, MonitorSpec } from "../spec/schema";
import { BaselineProfile, FeatureBaseline } from "../../transforms/baseline/baseline_profile";
import type { FeatureValue } from "../../transforms/parse/inference_record";
import {
  CategoryFrequencies,
  CoMoments,
  Histogram,
  HyperLogLog,
  KllSketch,
  Moments,
  NumericValue,
} from "../../transforms/statistics";
import { BASELINE_EXACT_VALUES } from "../../transforms/statistics/quantile_sketch";
import { BaselineDataError } from "./baseline_data_error";
import { DEFAULT_BIN_COUNT, baselineHistogramEdges } from "./histogram_edges";
import { profiledColumns } from "./profiled_columns";
import { PassCounts, readRows } from "./read_rows";
import { BadTrainingRow, TrainingData } from "./readers";
import { monitoredFeatures } from "../spec/monitored_features";

export interface BaselineJobOptions {
  /** Histogram bins before repeated quantiles merge (see baselineHistogramEdges). */
  binCount?: number;
  /** What the profile's `source.data` says; the data file's name as given by default. */
  dataLabel?: string;
  /** Each bad row, once (from the first pass). */
  onBadRow?: (row: BadTrainingRow) => void;
  /** Things the user should know that do not stop the job, e.g. a prediction column not in the data. */
  onNotice?: (message: string) => void;
  /** Progress of each pass, in the units of `TrainingData.size`. */
  onProgress?: (pass: 1 | 2, done: number, total: number) => void;
  /** The profile's `createdAt`. */
  now?: Date;
}

/** First-pass accumulators of one column: everything that needs no parameter chosen from the data. */
interface NumericalSketch {
  type: "numerical";
  moments: Moments;
  quantiles: KllSketch;
}
type ColumnSketch =
  NumericalSketch | { type: "categorical"; frequencies: CategoryFrequencies; distinct: HyperLogLog };

/** A column's first-pass accumulators; the KLL sketch holds up to BASELINE_EXACT_VALUES values exactly. */
const newColumnSketch = (column: FeatureSpec, sketchK: number): ColumnSketch =>
  column.type === "numerical"
    ? { type: "numerical", moments: new Moments(), quantiles: new KllSketch(sketchK, BASELINE_EXACT_VALUES) }
    : { type: "categorical", frequencies: new CategoryFrequencies(), distinct: new HyperLogLog() };

/**
 * The baseline profile of training data for a spec's features and prediction,
 * from the same accumulators the monitoring job uses, in two passes:
 * 1. moments and a KLL sketch per numerical column (the values themselves up to
 *    BASELINE_EXACT_VALUES, then the spec's `quantileSketchK`), frequencies and a
 *    HyperLogLog per categorical one;
 * 2. per numerical column a histogram on edges chosen from its sketch (see
 *    baselineHistogramEdges), and the co-moments of the numerical columns.
 * Two passes because the edges depend on quantiles of the whole data set and
 * the counts on them should be exact; memory stays bounded, as nothing holds
 * the rows. Bad rows are counted (`source.badRows`) and left out of both.
 */
export async function buildBaselineProfile(
  spec: MonitorSpec,
  data: TrainingData,
  options: BaselineJobOptions = {},
): Promise<BaselineProfile> {
  const notice = options.onNotice ?? (() => undefined);
  // JSON lines declare no columns: read the features and prediction, then see which keys occurred.
  const candidates =
    data.columns === undefined
      ? monitoredFeatures(spec)
      : profiledColumns(spec, new Set(data.columns), data.file, notice);
  const sketches = candidates.map((column) => newColumnSketch(column, spec.statistics.quantileSketchK));
  const seenColumns = new Set<string>();
  const firstPass = await readRows(
    data,
    candidates,
    (values, fields) => {
      values.forEach((value, i) => addToSketch(sketches[i], value));
      for (const column of candidates) if (Object.hasOwn(fields, column.name)) seenColumns.add(column.name);
    },
    { onBadRow: options.onBadRow, onProgress: progressOf(1, data, options) },
  );
  requireGoodRows(data.file, firstPass);
  const columns =
    data.columns === undefined ? profiledColumns(spec, seenColumns, data.file, notice) : candidates;
  const profiled = columns.map((column) => ({ column, sketch: sketches[candidates.indexOf(column)] }));

  const histograms = profiled.map(({ column, sketch }) =>
    sketch.type === "numerical"
      ? edgedHistogram(data.file, column, sketch, firstPass.rows, options)
      : undefined,
  );
  const numerical = columns.flatMap((_, i) => (histograms[i] === undefined ? [] : [i]));
  const coMoments = numerical.length > 0 ? new CoMoments(numerical.map((i) => columns[i].name)) : undefined;
  // A column left out after the first pass had no value in any row, so rows are good or bad as before.
  const secondPass = await readRows(
    data,
    columns,
    (values) => {
      for (const i of numerical) histograms[i]?.histogram.add(values[i] as NumericValue);
      coMoments?.add(numerical.map((i) => values[i] as NumericValue));
    },
    { onProgress: progressOf(2, data, options) },
  );
  if (secondPass.rows !== firstPass.rows || secondPass.badRows !== firstPass.badRows) {
    throw new BaselineDataError(
      `${data.file} changed while it was read: ${firstPass.rows} good and ${firstPass.badRows} bad rows ` +
        `in the first pass, ${secondPass.rows} and ${secondPass.badRows} in the second`,
    );
  }

  return {
    model: spec.model,
    createdAt: (options.now ?? new Date()).toISOString(),
    source: { data: options.dataLabel ?? data.file, rows: firstPass.rows, badRows: firstPass.badRows },
    features: Object.fromEntries(
      profiled.map(({ column, sketch }, i) => [column.name, featureBaseline(sketch, histograms[i])]),
    ),
    coMoments,
  };
}

interface EdgedHistogram {
  histogram: Histogram;
  edgesRule: string;
}

/** An empty histogram on edges from a numerical column's first-pass sketch. */
function edgedHistogram(
  file: string,
  column: FeatureSpec,
  sketch: NumericalSketch,
  rows: number,
  options: BaselineJobOptions,
): EdgedHistogram {
  if (sketch.moments.result().count === 0) {
    throw new BaselineDataError(
      `${file}: numerical column "${column.name}" has no value in any of the ${rows} good rows`,
    );
  }
  const { edges, edgesRule } = baselineHistogramEdges(
    sketch.quantiles,
    options.binCount ?? DEFAULT_BIN_COUNT,
  );
  return { histogram: new Histogram(edges), edgesRule };
}

function featureBaseline(sketch: ColumnSketch, edged: EdgedHistogram | undefined): FeatureBaseline {
  if (sketch.type === "categorical") {
    return { type: "categorical", frequencies: sketch.frequencies, distinct: sketch.distinct };
  }
  const { histogram, edgesRule } = edged as EdgedHistogram;
  return { type: "numerical", moments: sketch.moments, quantiles: sketch.quantiles, histogram, edgesRule };
}

function addToSketch(sketch: ColumnSketch, value: FeatureValue): void {
  if (sketch.type === "numerical") {
    sketch.moments.add(value as NumericValue);
    sketch.quantiles.add(value as NumericValue);
  } else {
    sketch.frequencies.add(value);
    sketch.distinct.add(value);
  }
}

function progressOf(pass: 1 | 2, data: TrainingData, options: BaselineJobOptions) {
  const { onProgress } = options;
  return onProgress && ((done: number) => onProgress(pass, done, data.size));
}

/** A profile needs at least one good row; when every row is bad the file is most likely not what the spec describes. */
function requireGoodRows(file: string, counts: PassCounts): void {
  if (counts.rows > 0) return;
  if (counts.firstBadRow === undefined) throw new BaselineDataError(`${file}: no data rows`);
  const first = counts.firstBadRow;
  throw new BaselineDataError(
    `${file}: every one of its ${counts.badRows} rows is bad, so there is no baseline to build; ` +
      `the first, ${first.where}: ${first.reason}. Is this the training data the spec describes?`,
  );
}
