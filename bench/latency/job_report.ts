// What the benchmark's job process (run_job.ts) reports; in a module of its own because importing
// run_job.ts would run it (ts-closure-transform turns even type-only imports into requires).

/** How far the job had read at a moment: compared with what the producer had sent, the consumer lag. */
export interface JobProgressSample {
  atMs: number;
  /** Records the Kafka source had handed to the pipeline so far. */
  delivered: number;
  /** Bundles processed so far. */
  bundles: number;
  /** Records in the topic not yet delivered, as the source last saw it (its fetched buffer included). */
  sourceBacklog: number;
  /** The longest bundle since the previous sample, ms (a window's panes fire in one bundle). */
  longestBundleMs: number;
  /** CPU time of the job's process so far (user + system). */
  cpuSeconds: number;
}

export interface JobReport {
  droppedLate: number;
  peakRssMiB: number;
  cpuSeconds: number;
  wallSeconds: number;
  startedAtMs: number;
  progress: JobProgressSample[];
}
