import { z } from "zod";
import { parseDurationMs } from "./duration";
import { alertsSpecSchema } from "./alerts_spec";
import { checkDriftSpec, driftSpecSchema } from "./drift_spec";
import { kafkaSecurityFields, refusePlaintextSasl } from "./kafka_security_spec";
import { checkBaselineUsers, outliersSpecSchema } from "./outliers_spec";
import { checkStatisticsSpec, statisticsSpecSchema } from "./statistics_spec";

/** A duration string ("15s", "500ms", "2m") as milliseconds. */
const duration = z.string().transform((text, ctx) => {
  const durationMs = parseDurationMs(text);
  if (durationMs === undefined) {
    ctx.addIssue({
      code: "custom",
      message: `expected a duration like "15s", "500ms" or "2m", got "${text}"`,
    });
    return z.NEVER;
  }
  return durationMs;
});

const featureType = z.enum(["numerical", "categorical"]);

/** Where a value sits in an instance: a field name (dots for nesting) or a position in a row. */
const valuePath = z.union([z.string().min(1), z.number().int().nonnegative()]);

const feature = z.strictObject({ name: z.string().min(1), type: featureType, path: valuePath.optional() });

const input = z.strictObject({
  format: z.enum(["kserve", "oip", "seed", "json"]),
  /** `record-timestamp` (Kafka record / recorded-log timestamp) or a field path in the event. */
  eventTime: z.string().min(1).default("record-timestamp"),
  /**
   * How far ahead of the wall clock an event time may be: a later one is a `future-timestamp` dead
   * letter and never moves the watermark (one event dated 2100 would otherwise make everything
   * after it late). Absent: 5 minutes (transforms/parse/event_time.ts).
   */
  maxFutureSkew: duration.optional(),
});

const brokers = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const source = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("file"),
    path: z.string().min(1),
    /** 0 replays as fast as possible; N replays at N times the event-time pace. */
    replaySpeed: z.number().nonnegative().default(0),
  }),
  z
    .strictObject({
      kind: z.literal("kafka"),
      brokers,
      topic: z.string().min(1),
      groupId: z.string().min(1),
      /** Where a group without committed offsets starts reading. */
      startFrom: z.enum(["earliest", "latest"]).default("earliest"),
      /** The consumer-group session timeout: how long the group waits for a consumer that stopped heartbeating. */
      sessionTimeout: duration.default(30_000),
      /** Bounded run: end once no record has arrived for this long (also `run --until-idle`). */
      untilIdle: duration.optional(),
      /** Bounded run: end after this many records (also `run --max-records`). */
      maxRecords: z.number().int().positive().optional(),
      /** TLS and SASL (kafka_security_spec.ts); absent: plaintext, no authentication. */
      ...kafkaSecurityFields,
    })
    .superRefine(refusePlaintextSasl),
  z.strictObject({ kind: z.literal("testStream"), path: z.string().min(1) }),
]);

const window = z
  .strictObject({
    size: duration,
    slide: duration.optional(),
    watermarkDelay: duration.default(0),
    allowedLateness: duration.default(0),
    earlyFiringEvery: duration.optional(),
  })
  .refine((w) => w.size > 0, { message: "window size must be positive", path: ["size"] })
  .refine((w) => w.slide === undefined || (w.slide > 0 && w.slide <= w.size), {
    message: "slide must be positive and at most the window size",
    path: ["slide"],
  });

export const RESULT_KINDS = ["statistics", "outlier", "drift", "alert", "deadletter"] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];
const resultKind = z.enum(RESULT_KINDS);

const sink = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("file"), dir: z.string().min(1) }),
  z.strictObject({ kind: z.literal("stdout"), kinds: z.array(resultKind).optional() }),
  z
    .strictObject({
      kind: z.literal("kafka"),
      brokers,
      topics: z.partialRecord(resultKind, z.string().min(1)),
      /**
       * How long the job waits out brokers that are down (retrying with backoff, reading and
       * committing nothing meanwhile) before it stops; a restart resumes from the checkpoint.
       * Absent: 5 minutes (transforms/io/result_sink.ts).
       */
      outageDeadline: duration.optional(),
      ...kafkaSecurityFields,
    })
    .superRefine(refusePlaintextSasl),
  /** Serves the results as Prometheus metrics on http://<worker>:<port>/metrics (transforms/io/prometheus). */
  z.strictObject({ kind: z.literal("prometheus"), port: z.number().int().min(1).max(65535) }),
]);

export const monitorSpecSchema = z
  .strictObject({
    model: z.string().min(1),
    features: z.array(feature).min(1),
    prediction: feature.optional(),
    input,
    source,
    window,
    baseline: z.string().min(1).optional(),
    /** Which statistics each window reports (statistics_spec.ts); every field has a default. */
    statistics: statisticsSpecSchema.prefault({}),
    /** Per-record outlier detectors against the baseline (transforms/outliers); none by default. */
    outliers: outliersSpecSchema,
    /** Drift of each window against the baseline (drift_spec.ts); absent: none. */
    drift: driftSpecSchema.optional(),
    /** When drift and outlier rates raise `alert` records (alerts_spec.ts); every field has a default. */
    alerts: alertsSpecSchema.prefault({}),
    // A factory: zod hands a literal default to every parse as the same object, which loading then edits.
    sinks: z.array(sink).default(() => [{ kind: "file" as const, dir: "out" }]),
  })
  .refine((spec) => new Set(spec.features.map((f) => f.name)).size === spec.features.length, {
    message: "feature names must be unique",
    path: ["features"],
  })
  .superRefine(checkStatisticsSpec)
  .superRefine(checkDriftSpec)
  .superRefine(checkBaselineUsers);

export type MonitorSpec = z.output<typeof monitorSpecSchema>;
export type FeatureSpec = z.output<typeof feature>;
export type InputSpec = z.output<typeof input>;
export type SourceSpec = z.output<typeof source>;
export type WindowSpec = z.output<typeof window>;
export type SinkSpec = z.output<typeof sink>;
