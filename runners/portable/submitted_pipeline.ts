import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import { monitorPipeline } from "../../pipelines/monitor";
import type { MonitorSpec } from "../../pipelines/spec/schema";
import { readKafkaWithMetadata } from "../../transforms/io/kafka_xlang/read_kafka_with_metadata";
import { withWorkerImage } from "../dataflow/worker_image_environment";
import { useRaceFreeArtifactDownload } from "./artifact_download";
import { startExpansionService } from "./expansion_service";
import { liftCombiners } from "./lift_combiners";
import { pipelineProto } from "./pipeline_proto";
import { specArtifact } from "./spec_artifact";
import { withEnvironmentArtifacts, withExternalWorkers } from "./worker_environment";

/** Where a submitted pipeline's TypeScript transforms run, per runner. */
export type SubmissionTargets = (
  | {
      runner: "flink";
      /** The spec file, staged with the job. */
      specFile: string;
      /** The TypeScript worker pool (EXTERNAL), or the one in the submitting process (LOOPBACK). */
      workerPoolAddress: string;
    }
  | {
      runner: "dataflow";
      /** The worker image Dataflow starts on each VM (docs/dataflow.md, "Worker image"). */
      workerImage: string;
    }
) & {
  /** `--expansion-service`: a running Java expansion service (host:port) or its jar; a Kafka source needs one. */
  expansionService?: string;
};

/**
 * The pipeline proto `model-monitor submit` sends, for either runner: the
 * monitoring pipeline with a Kafka source read by Beam's cross-language
 * KafkaIO (expanded now, by the expansion service, whose Java environment the
 * read keeps), and the TypeScript environment pointed at our workers. For
 * Flink the combiners are lifted here (its portable translator would not) and
 * the spec is staged; Dataflow gets the combines as the SDK's dataflowRunner
 * sends them, since its service lifts `combine_per_key` itself.
 */
export async function submittedPipeline(
  spec: MonitorSpec,
  targets: SubmissionTargets,
): Promise<runnerApi.Pipeline> {
  const built = await kafkaPipelineProto(spec, targets.expansionService);
  if (targets.runner === "dataflow") return withWorkerImage(built, targets.workerImage);
  return withEnvironmentArtifacts(withExternalWorkers(liftCombiners(built), targets.workerPoolAddress), [
    specArtifact(targets.specFile),
  ]);
}

/** The monitoring pipeline's proto; a Kafka source's read expanded by the expansion service, which runs only meanwhile. */
async function kafkaPipelineProto(spec: MonitorSpec, expansionService: string | undefined) {
  if (spec.source.kind !== "kafka") return pipelineProto(monitorPipeline(spec));
  if (expansionService === undefined)
    throw new Error("a kafka source needs an expansion service to be submitted");
  const expansion = await startExpansionService(expansionService);
  useRaceFreeArtifactDownload();
  try {
    return await pipelineProto(monitorPipeline(spec, readKafkaWithMetadata(spec.source, expansion.address)));
  } finally {
    await expansion.stop();
  }
}
