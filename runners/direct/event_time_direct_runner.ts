// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import * as fnApi from "apache-beam/proto/beam_fn_api";
import { JobState_Enum } from "apache-beam/proto/beam_job_api";
import type { PipelineOptions } from "apache-beam/options/pipeline_options";
import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import type { PValue, Root } from "apache-beam/pvalue";
import type { MonitoringInfo } from "apache-beam/proto/metrics";
import { PipelineResult, Runner } from "apache-beam/runners/runner";
import { MetricsShortIdCache } from "apache-beam/worker/metrics";
import * as worker from "apache-beam/worker/worker";
import { randomUUID } from "crypto";
import type { CheckpointStore } from "./checkpoint/checkpoint_store";
import { type Clock, SimulatedClock, systemClock } from "./clock";
import "./operators/register_operators";
import { DIRECT_SOURCE_URN } from "./operators/operator_urns";
import { type ExecutionPlan, planExecution } from "./plan/plan_execution";
import { endRun, startRun } from "./run/active_runs";
import { DirectRun } from "./run/direct_run";
import { quietBundleLogs } from "./run/quiet_bundle_logs";

export interface EventTimeRunnerOptions {
  /** Processing-time clock; default: simulated (starting at 0) when a testStream source is read, else the wall clock. */
  clock?: Clock;
  /** Most source elements per bundle (default 1000). */
  maxBundleSize?: number;
  /** How long a live source waits for data before an empty bundle lets timers fire (default 200 ms). */
  bundleIntervalMs?: number;
  /** Processing time without records after which a source partition stops holding the watermark (default 60 s). */
  idleTimeoutMs?: number;
  /** Where the runner's own messages (dropped late data) go; default console.warn. */
  log?: (line: string) => void;
  /** Called after every bundle, e.g. to report progress or watermark lag. */
  onBundleFinished?: (bundle: FinishedBundle) => void;
  /**
   * Checkpointing: the run starts from the store's latest checkpoint, if any, and saves one
   * after the first bundle that ends `intervalMs` (wall clock) or more after the previous one,
   * and when cancelled; a run that ends leaves no checkpoint. Kafka offsets are committed with
   * each checkpoint (not per bundle).
   */
  checkpoint?: { store: CheckpointStore; intervalMs: number };
}

export interface FinishedBundle {
  /** 0, 1, 2, … in processing order. */
  index: number;
  sourceElements: number;
  /** The lowest source watermark after the bundle (+∞ once every source has ended). */
  watermarkMs: number;
  processingTimeMs: number;
  /** Wall-clock time the bundle took, from handing its elements to the pipeline to its results being written. */
  durationMs: number;
  /** Records the sources hold but have not delivered, per partition (Kafka consumer lag). */
  backlog: Record<string, number>;
  /** Records dropped as too late so far in the run. */
  droppedLate: number;
}

/**
 * The pipeline's run: `waitUntilFinish` resolves DONE when every source has
 * ended and every window has fired its final pane (or CANCELLED after
 * `cancel`), and rejects with the error that stopped the run. Metrics,
 * including the `droppedLate` counter, are totals over all bundles.
 */
export class EventTimeRunResult extends PipelineResult {
  constructor(
    private readonly finished: Promise<JobState_Enum>,
    private readonly processor: worker.BundleProcessor,
    private readonly stop: () => void,
  ) {
    super();
  }

  async waitUntilFinish(durationMs?: number): Promise<JobState_Enum> {
    if (durationMs === undefined) return this.finished;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<JobState_Enum>((resolve) => {
      timer = setTimeout(() => resolve(JobState_Enum.RUNNING), durationMs);
    });
    return Promise.race([this.finished, timeout]).finally(() => clearTimeout(timer));
  }

  /** Stops after the bundle in progress; windows still open emit nothing more. */
  cancel(): void {
    this.stop();
  }

  /**
   * Every metric cell of the run. The SDK resets only a cell's "updated in
   * this bundle" flag between bundles, never its value, so a cell holds the
   * total over all bundles.
   */
  async rawMetrics(): Promise<MonitoringInfo[]> {
    const shortIds = new MetricsShortIdCache();
    return [...this.processor.metricsContainer.metrics.values()].map((cell) =>
      shortIds.asMonitoringInfo(shortIds.getShortId(cell), cell.value.payload()),
    );
  }
}

/**
 * The event-time direct runner: runs a pipeline in process with the Beam
 * model's event-time semantics (watermarks, triggers, allowed lateness, pane
 * info, combiner lifting, side inputs across bundles). It drives the SDK's
 * BundleProcessor over the whole rewritten pipeline bundle after bundle; see
 * README.md in this folder.
 */
export class EventTimeDirectRunner extends Runner {
  constructor(private readonly options: EventTimeRunnerOptions = {}) {
    super();
  }

  /** Starts the pipeline and returns at once; the result can wait for it or cancel it. */
  async runAsync(
    pipeline: (root: Root) => PValue<unknown> | Promise<PValue<unknown>>,
    options?: PipelineOptions,
  ): Promise<EventTimeRunResult> {
    return (await super.runAsync(pipeline, options)) as EventTimeRunResult;
  }

  async runPipeline(pipeline: runnerApi.Pipeline): Promise<EventTimeRunResult> {
    const plan = planExecution(pipeline);
    const {
      clock = defaultClock(plan),
      idleTimeoutMs = 60_000,
      log = (line: string) => console.warn(line),
    } = this.options;
    const runId = `event-time-direct-${randomUUID()}`;
    const run = new DirectRun(
      plan.sources,
      plan.holdersOf,
      clock,
      idleTimeoutMs,
      log,
      this.options.checkpoint?.store,
    );
    startRun(runId, run);
    let processor: worker.BundleProcessor;
    try {
      processor = new worker.BundleProcessor(descriptor(runId, plan), noDataChannel, run.sideInputs, [
        DIRECT_SOURCE_URN,
      ]);
    } catch (error) {
      endRun(runId);
      throw error;
    }
    let stopRequested = false;
    const endQuiet = quietBundleLogs();
    const finished = this.drive(run, processor, () => stopRequested).finally(async () => {
      endQuiet();
      endRun(runId);
      await run.close();
    });
    finished.catch(() => {}); // the error reaches the caller through waitUntilFinish
    return new EventTimeRunResult(finished, processor, () => (stopRequested = true));
  }

  private async drive(
    run: DirectRun,
    processor: worker.BundleProcessor,
    stopRequested: () => boolean,
  ): Promise<JobState_Enum> {
    const { maxBundleSize = 1000, bundleIntervalMs = 200, onBundleFinished, checkpoint } = this.options;
    let lastCheckpointMs = Date.now();
    for (let index = 0; ; index++) {
      if (stopRequested()) {
        await run.checkpoint();
        return JobState_Enum.CANCELLED;
      }
      const ended = await run.pollSources({ maxElements: maxBundleSize, maxWaitMs: bundleIntervalMs });
      const startedMs = Date.now();
      await processor.process(`bundle-${index}`);
      // The bundle's results are written (sinks flush in finishBundle): sources may now
      // acknowledge the input no window or pushback still holds (Kafka commits offsets).
      await run.acknowledgeProcessedBundles();
      onBundleFinished?.({
        index,
        sourceElements: run.sourceElementCount(),
        watermarkMs: run.sourceWatermarkMs(),
        processingTimeMs: run.bundleTimes.firingTimeMs,
        durationMs: Date.now() - startedMs,
        backlog: run.sourceBacklog(),
        droppedLate: run.droppedLate,
      });
      if (ended) {
        await run.finishCheckpointing();
        return JobState_Enum.DONE;
      }
      if (checkpoint !== undefined && Date.now() - lastCheckpointMs >= checkpoint.intervalMs) {
        await run.checkpoint();
        lastCheckpointMs = Date.now();
      }
    }
  }
}

export function eventTimeDirectRunner(options: EventTimeRunnerOptions = {}): EventTimeDirectRunner {
  return new EventTimeDirectRunner(options);
}

function defaultClock(plan: ExecutionPlan): Clock {
  const scripted = [...plan.sources.values()].some((source) => source.kind === "testStream");
  return scripted ? new SimulatedClock() : systemClock;
}

/** The whole rewritten pipeline as one bundle descriptor, whose id tells operators their run. */
function descriptor(runId: string, plan: ExecutionPlan): fnApi.ProcessBundleDescriptor {
  const { transforms, pcollections, windowingStrategies, coders, environments } = plan.components;
  return fnApi.ProcessBundleDescriptor.create({
    id: runId,
    transforms,
    pcollections,
    windowingStrategies,
    coders,
    environments,
  });
}

/** Elements reach operators directly from the runner's sources, never over a Fn API data channel. */
function noDataChannel(): never {
  throw new Error("the event-time direct runner has no data channel");
}
