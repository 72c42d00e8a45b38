import { Struct } from "apache-beam/proto/google/protobuf/struct";

/**
 * Flink checkpoints a streaming job this often unless `--checkpointing-interval` says otherwise.
 * A failed job restarts from its latest checkpoint, re-reading what came after it, and KafkaIO's
 * offset commits wait for completed checkpoints (docs/flink.md, "Checkpoints, offsets and restarts").
 */
export const DEFAULT_CHECKPOINTING_INTERVAL_MS = 60_000;

/** The options a Beam job server reads from a submitted job (FlinkPipelineOptions and PortablePipelineOptions). */
export interface PortableJobOptions {
  jobName: string;
  /** Flink's default operator parallelism; the job server's default (-1) means the cluster's default. */
  parallelism?: number;
  /** True when the pipeline has an unbounded PCollection: Flink then runs it in streaming mode. */
  streaming: boolean;
  /** Milliseconds between Flink checkpoints (FlinkPipelineOptions.checkpointingInterval); unset: none. */
  checkpointingInterval?: number;
  /**
   * FlinkPipelineOptions.finishBundleBeforeCheckpointing: finish each bundle before a checkpoint
   * snapshots the operator. Without it, a checkpoint during the first bundle of a stage run by an
   * SDK harness can leave that bundle's output buffered forever (Beam 2.49's DoFnOperator; KafkaIO's
   * SDF read then never emits: docs/flink.md, "What failed and why"). Set for every streaming job.
   */
  finishBundleBeforeCheckpointing?: boolean;
  /** "EXTERNAL" with `environmentConfig` = the worker pool address; LOOPBACK is EXTERNAL to this process. */
  environmentType: "EXTERNAL" | "LOOPBACK";
  environmentConfig: string;
}

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * The Job API carries options as a Struct keyed `beam:option:<snake_case name>:v1`
 * (the key form Java's PipelineOptionsTranslation reads); unset options are left out.
 */
export function pipelineOptionsStruct(options: PortableJobOptions): Struct {
  const entries = Object.entries(options).filter((entry) => entry[1] !== undefined);
  return Struct.fromJson(
    Object.fromEntries(entries.map((entry) => [`beam:option:${snakeCase(entry[0])}:v1`, entry[1]])),
  );
}
