import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import { monitorPipeline } from "../../pipelines/monitor";
import type { MonitorSpec } from "../../pipelines/spec/schema";
import { readKafkaWithMetadata } from "../../transforms/io/kafka_xlang/read_kafka_with_metadata";
import { liftCombiners } from "./lift_combiners";
import { pipelineProto } from "./pipeline_proto";
import { specArtifact } from "./spec_artifact";
import { withEnvironmentArtifacts, withExternalWorkers } from "./worker_environment";

export interface SubmissionTargets {
  /** The spec file, staged with the job. */
  specFile: string;
  /** The TypeScript worker pool (EXTERNAL), or the one in the submitting process (LOOPBACK). */
  workerPoolAddress: string;
  /** A running Java expansion service (host:port); a Kafka source needs one. */
  expansionServiceAddress?: string;
}

/**
 * The pipeline proto `model-monitor submit` sends to a job server: the
 * monitoring pipeline with a Kafka source read by Beam's cross-language
 * KafkaIO (expanded now, by the expansion service), combiners lifted, the
 * TypeScript environment pointing at the worker pool, and the spec staged.
 */
export async function submittedPipeline(
  spec: MonitorSpec,
  targets: SubmissionTargets,
): Promise<runnerApi.Pipeline> {
  const built = await pipelineProto(
    monitorPipeline(spec, kafkaReader(spec, targets.expansionServiceAddress)),
  );
  return withEnvironmentArtifacts(withExternalWorkers(liftCombiners(built), targets.workerPoolAddress), [
    specArtifact(targets.specFile),
  ]);
}

function kafkaReader(spec: MonitorSpec, expansionServiceAddress: string | undefined) {
  if (spec.source.kind !== "kafka") return undefined;
  if (expansionServiceAddress === undefined)
    throw new Error("a kafka source needs an expansion service address to be submitted");
  return readKafkaWithMetadata(spec.source, expansionServiceAddress);
}
