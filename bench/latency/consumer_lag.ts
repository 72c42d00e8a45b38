/** The producer's count of records the brokers acknowledged, at a moment (epoch ms). */
export interface SentSample {
  atMs: number;
  sent: number;
}

/** The job's count of records its source delivered to the pipeline, at a moment (epoch ms). */
export interface DeliveredSample {
  atMs: number;
  delivered: number;
}

/** Records in the topic the job had not yet taken, `atSeconds` after the first send. */
export interface LagSample {
  atSeconds: number;
  lag: number;
}

export interface ConsumerLag {
  samples: LagSample[];
  maxLag: number;
  /** The lag at the job's last progress sample before the last send. */
  lagAtLastSend: number;
  /** Least-squares slope of the lag over the second half of the sending, records per second. */
  growthPerSecond: number;
  /** Records delivered per second of sending (first to last send). */
  deliveredPerSecond: number;
  /**
   * The job kept up: the lag grew by less than SUSTAINED_GROWTH_SHARE of the offered rate over the
   * second half of the sending, and was below SUSTAINED_LAG_SECONDS of offered records at the last send.
   */
  sustained: boolean;
}

/**
 * Lag growth below this share of the offered rate counts as not growing: panes firing at a window's end
 * stall delivery for a bundle or two, which a short run's second half may catch without any trend.
 */
const SUSTAINED_GROWTH_SHARE = 0.02;
/**
 * A short run can end on a plateau reached while the job could not keep up (the first seconds, before
 * V8 has compiled the hot code): a lag above this many seconds of records at the end is not sustained.
 */
const SUSTAINED_LAG_SECONDS = 1;

/**
 * Consumer lag over a run: at each of the job's progress samples, the records the brokers had
 * acknowledged (the last producer sample at or before it) minus the records the job had delivered.
 * The job may take a record before its acknowledgement reaches the producer; such a moment counts
 * as lag 0, not as a negative lag.
 */
export function consumerLag(
  sent: SentSample[],
  delivered: DeliveredSample[],
  sending: { firstMs: number; lastMs: number },
  offeredPerSecond: number,
): ConsumerLag {
  let producerIndex = -1;
  const samples: LagSample[] = [];
  for (const { atMs, delivered: count } of delivered) {
    if (atMs < sending.firstMs) continue;
    while (producerIndex + 1 < sent.length && sent[producerIndex + 1].atMs <= atMs) producerIndex++;
    const acknowledged = producerIndex < 0 ? 0 : sent[producerIndex].sent;
    samples.push({ atSeconds: (atMs - sending.firstMs) / 1000, lag: Math.max(0, acknowledged - count) });
  }
  const sendingSeconds = (sending.lastMs - sending.firstMs) / 1000;
  const duringSending = samples.filter((sample) => sample.atSeconds <= sendingSeconds);
  const secondHalf = duringSending.filter((sample) => sample.atSeconds >= sendingSeconds / 2);
  const growthPerSecond = leastSquaresSlope(secondHalf);
  const lagAtLastSend = duringSending[duringSending.length - 1]?.lag ?? 0;
  const deliveredAt = (ms: number) => delivered.filter((sample) => sample.atMs <= ms).pop()?.delivered ?? 0;
  return {
    samples,
    maxLag: Math.max(0, ...samples.map((sample) => sample.lag)),
    lagAtLastSend,
    growthPerSecond,
    deliveredPerSecond: (deliveredAt(sending.lastMs) - deliveredAt(sending.firstMs)) / sendingSeconds,
    sustained:
      growthPerSecond < SUSTAINED_GROWTH_SHARE * offeredPerSecond &&
      lagAtLastSend < SUSTAINED_LAG_SECONDS * offeredPerSecond,
  };
}

/** Slope of the least-squares line through the samples (lag per second); 0 with fewer than two. */
export function leastSquaresSlope(samples: LagSample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanT = samples.reduce((sum, s) => sum + s.atSeconds, 0) / n;
  const meanLag = samples.reduce((sum, s) => sum + s.lag, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const { atSeconds, lag } of samples) {
    covariance += (atSeconds - meanT) * (lag - meanLag);
    variance += (atSeconds - meanT) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}
