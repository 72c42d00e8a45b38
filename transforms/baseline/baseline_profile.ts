import * as fs from "fs";
import { z } from "zod";
import { readSmallTextFile } from "../io/read_small_file";
import { jsonSyntaxProblem } from "../parse/json_text";
import { CategoryFrequencies, CoMoments, Histogram, HyperLogLog, KllSketch, Moments } from "../statistics";

/** The profile format version this code writes and reads; bumped on any incompatible change. */
export const BASELINE_PROFILE_VERSION = 1;

/**
 * A feature's baseline as accumulator JSON (each class's `toJSON`), so the
 * stream rebuilds the very same accumulators and compares window and baseline
 * bin for bin. `quantiles` is absent for an imported reference-system
 * baseline, which has only moments and a histogram.
 */
const numericalBaselineJson = z.strictObject({
  type: z.literal("numerical"),
  moments: z.unknown(),
  quantiles: z.unknown().optional(),
  histogram: z.unknown(),
  /** How the histogram edges were chosen, e.g. "quantile, 20 bins" or "imported". */
  edgesRule: z.string(),
});

const categoricalBaselineJson = z.strictObject({
  type: z.literal("categorical"),
  frequencies: z.unknown(),
  distinct: z.unknown().optional(),
});

const baselineProfileJson = z.strictObject({
  version: z.literal(BASELINE_PROFILE_VERSION),
  model: z.string(),
  createdAt: z.string(),
  /** Where the profile came from: the training data file, rows used and rows rejected. */
  source: z.strictObject({
    data: z.string(),
    rows: z.number().int().nonnegative(),
    badRows: z.number().int().nonnegative(),
  }),
  features: z.record(
    z.string(),
    z.discriminatedUnion("type", [numericalBaselineJson, categoricalBaselineJson]),
  ),
  /** Co-moments of the numerical features (covariance, correlation); absent for imported baselines. */
  coMoments: z.unknown().optional(),
});
export type BaselineProfileJson = z.output<typeof baselineProfileJson>;

export interface NumericalBaseline {
  type: "numerical";
  moments: Moments;
  quantiles?: KllSketch;
  histogram: Histogram;
  edgesRule: string;
}

export interface CategoricalBaseline {
  type: "categorical";
  frequencies: CategoryFrequencies;
  distinct?: HyperLogLog;
}

export type FeatureBaseline = NumericalBaseline | CategoricalBaseline;

/** A baseline profile with its accumulators rebuilt. */
export interface BaselineProfile {
  model: string;
  createdAt: string;
  source: BaselineProfileJson["source"];
  features: Record<string, FeatureBaseline>;
  coMoments?: CoMoments;
}

export class BaselineProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaselineProfileError";
  }
}

/** The JSON form of a profile, as the baseline job writes it. */
export function baselineProfileToJson(profile: BaselineProfile): BaselineProfileJson {
  const features: BaselineProfileJson["features"] = {};
  for (const [name, feature] of Object.entries(profile.features)) {
    features[name] =
      feature.type === "numerical"
        ? {
            type: "numerical",
            moments: feature.moments.toJSON(),
            quantiles: feature.quantiles?.toJSON(),
            histogram: feature.histogram.toJSON(),
            edgesRule: feature.edgesRule,
          }
        : {
            type: "categorical",
            frequencies: feature.frequencies.toJSON(),
            distinct: feature.distinct?.toJSON(),
          };
  }
  return {
    version: BASELINE_PROFILE_VERSION,
    model: profile.model,
    createdAt: profile.createdAt,
    source: profile.source,
    features,
    coMoments: profile.coMoments?.toJSON(),
  };
}

/** Validates a profile's JSON and rebuilds its accumulators; errors name the feature and field. */
export function baselineProfileFromJson(json: unknown, origin = "baseline"): BaselineProfile {
  const parsed = baselineProfileJson.safeParse(json);
  if (!parsed.success) throw new BaselineProfileError(`${origin}: ${z.prettifyError(parsed.error)}`);
  const features: Record<string, FeatureBaseline> = {};
  for (const [name, feature] of Object.entries(parsed.data.features)) {
    try {
      features[name] =
        feature.type === "numerical"
          ? {
              type: "numerical",
              moments: Moments.fromJSON(feature.moments),
              quantiles: feature.quantiles === undefined ? undefined : KllSketch.fromJSON(feature.quantiles),
              histogram: Histogram.fromJSON(feature.histogram),
              edgesRule: feature.edgesRule,
            }
          : {
              type: "categorical",
              frequencies: CategoryFrequencies.fromJSON(feature.frequencies),
              distinct: feature.distinct === undefined ? undefined : HyperLogLog.fromJSON(feature.distinct),
            };
    } catch (error) {
      throw new BaselineProfileError(`${origin}: feature "${name}": ${(error as Error).message}`);
    }
  }
  const { model, createdAt, source, coMoments } = parsed.data;
  return {
    model,
    createdAt,
    source,
    features,
    coMoments: coMoments === undefined ? undefined : CoMoments.fromJSON(coMoments),
  };
}

/** Writes a profile as `model-monitor baseline` does: its JSON form, indented. */
export function saveBaselineProfile(file: string, profile: BaselineProfile): void {
  fs.writeFileSync(file, `${JSON.stringify(baselineProfileToJson(profile), null, 2)}\n`);
}

const rebuiltProfiles = new WeakMap<object, BaselineProfile>();

/**
 * baselineProfileFromJson, once per JSON object. A DoFn carries the profile
 * as JSON (plain data survives serialization); rebuilding and validating it
 * per element cost a third of the job's time, so it is rebuilt once per
 * deserialized DoFn. Callers must treat the result as read-only.
 */
export function cachedBaselineProfileFromJson(json: BaselineProfileJson): BaselineProfile {
  let profile = rebuiltProfiles.get(json);
  if (profile === undefined) {
    profile = baselineProfileFromJson(json);
    rebuiltProfiles.set(json, profile);
  }
  return profile;
}

/** Far above a profile of hundreds of features (each a few kB of sketches and histograms). */
export const MAX_BASELINE_PROFILE_BYTES = 64 * 1024 * 1024;

/** Reads a baseline profile file written by `model-monitor baseline`; the message of a failure never quotes the file. */
export function loadBaselineProfile(file: string): BaselineProfile {
  let text: string;
  try {
    text = readSmallTextFile(file, MAX_BASELINE_PROFILE_BYTES);
  } catch (error) {
    throw new BaselineProfileError(`${file}: cannot read the baseline profile: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BaselineProfileError(`${file}: the baseline profile is ${jsonSyntaxProblem(error)}`);
  }
  return baselineProfileFromJson(json, file);
}
