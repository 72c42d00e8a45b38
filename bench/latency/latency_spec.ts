import { CATEGORICAL_FEATURES, NUMERICAL_FEATURES } from "./synthetic_data";

export const WINDOW_SECONDS = 15;
export const WATERMARK_DELAY_SECONDS = 6;

/** The requests in Kafka; the job ends right after the last one (the idle bound only guards a run that lost records). */
export function kafkaRequestSource(brokers: string, topic: string, requests: number): object {
  return {
    kind: "kafka",
    brokers,
    topic,
    groupId: "latency-bench",
    maxRecords: requests,
    untilIdle: "60s",
  };
}

/** The requests recorded as kcat records (synthetic_data.ts writeRecordedRequests), read as fast as possible. */
export function fileRequestSource(path: string): object {
  return { kind: "file", path };
}

/**
 * The experiment's spec (issue 8): 10 numerical + 2 categorical features, every statistic (the
 * defaults), three drift metrics, two outlier detectors, 15 s windows with a 6 s watermark delay, the
 * record timestamp (the send time) as event time, results written to files.
 */
export function latencySpec(options: {
  source: object;
  baseline: string;
  outDir: string;
  earlyFiringSeconds?: number;
}): object {
  return {
    model: "latency-bench",
    features: [
      ...NUMERICAL_FEATURES.map((name) => ({ name, type: "numerical", path: name })),
      ...CATEGORICAL_FEATURES.map((name) => ({ name, type: "categorical", path: name })),
    ],
    input: { format: "json", eventTime: "record-timestamp" },
    source: options.source,
    window: {
      size: `${WINDOW_SECONDS}s`,
      watermarkDelay: `${WATERMARK_DELAY_SECONDS}s`,
      ...(options.earlyFiringSeconds === undefined
        ? {}
        : { earlyFiringEvery: `${options.earlyFiringSeconds}s` }),
    },
    baseline: options.baseline,
    outliers: [
      { method: "zscore", features: NUMERICAL_FEATURES },
      { method: "unseen", features: CATEGORICAL_FEATURES },
    ],
    drift: {
      metrics: [
        { name: "ks", features: NUMERICAL_FEATURES },
        { name: "psi", features: NUMERICAL_FEATURES },
        { name: "l_infinity", features: CATEGORICAL_FEATURES },
      ],
    },
    sinks: [{ kind: "file", dir: options.outDir }],
  };
}
