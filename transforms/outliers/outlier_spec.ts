import { z } from "zod";

/** Defaults of the detectors' parameters, as documented in README.md. */
export const DEFAULT_ZSCORE_THRESHOLD = 3;
export const DEFAULT_TUKEY_K = 1.5;
export const DEFAULT_MAHALANOBIS_P_VALUE = 0.01;
export const DEFAULT_COVARIANCE_RIDGE = 1e-6;

/** The features an entry checks; absent means every baseline feature the method can use. */
const features = z
  .array(z.string().min(1))
  .min(1)
  .refine((names) => new Set(names).size === names.length, { message: "features must be unique" })
  .optional();

const rangeSpec = z.strictObject({ method: z.literal("range"), features });

const zscoreSpec = z.strictObject({
  method: z.literal("zscore"),
  features,
  /** Flag when |x − mean| / stddev is above this many baseline standard deviations. */
  threshold: z.number().positive().default(DEFAULT_ZSCORE_THRESHOLD),
});

const iqrSpec = z.strictObject({
  method: z.literal("iqr"),
  features,
  /** Tukey's k: flag outside [Q1 − k·IQR, Q3 + k·IQR]. */
  k: z.number().nonnegative().default(DEFAULT_TUKEY_K),
});

const unseenSpec = z.strictObject({ method: z.literal("unseen"), features });

const mahalanobisSpec = z.strictObject({
  method: z.literal("mahalanobis"),
  features,
  /** Flag when P(χ²_d > D²) is below this, i.e. D² above the χ² quantile at 1 − pValue. */
  pValue: z.number().gt(0).lt(1).default(DEFAULT_MAHALANOBIS_P_VALUE),
  /** The λ of the ridge Σ + λ·diag(Σ) used when the baseline covariance is singular. */
  ridge: z.number().positive().max(1).default(DEFAULT_COVARIANCE_RIDGE),
});

/** One entry of the spec's `outliers` list: a method and its parameters. */
export const outlierSpecSchema = z.discriminatedUnion("method", [
  rangeSpec,
  zscoreSpec,
  iqrSpec,
  unseenSpec,
  mahalanobisSpec,
]);

/** The spec's `outliers` section: no detector unless asked for. */
export const outliersSpecSchema = z.array(outlierSpecSchema).default([]);

export type OutlierSpec = z.output<typeof outlierSpecSchema>;
export type OutlierMethod = OutlierSpec["method"];
export type RangeSpec = z.output<typeof rangeSpec>;
export type ZscoreSpec = z.output<typeof zscoreSpec>;
export type IqrSpec = z.output<typeof iqrSpec>;
export type UnseenSpec = z.output<typeof unseenSpec>;
export type MahalanobisSpec = z.output<typeof mahalanobisSpec>;
