import type * as runnerApi from "apache-beam/proto/beam_runner_api";
import { monitorPipeline } from "../../pipelines/monitor";
import type { MonitorSpec } from "../../pipelines/spec/schema";
import { readKafkaRecords } from "../../transforms/io/kafka_xlang/read_kafka_records";
import { withWorkerImage } from "../dataflow/worker_image_environment";
import { useRaceFreeArtifactDownload } from "./artifact_download";
import { type ExpansionTarget, kafkaExpansionService } from "./expansion_service";
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
  /** `--expansion-service`: a running expansion service serving our Kafka read (host:port); else ours is started. */
  expansionService?: string;
};

/**
 * The pipeline proto `model-monitor submit` sends, for either runner: the
 * monitoring pipeline with a Kafka source read by our cross-language Kafka
 * read (expanded now, by the expansion service, whose Java environment the
 * read keeps: EMBEDDED in the Flink job server's JVM, Beam's Java container
 * on Dataflow: ExpansionTarget), and the TypeScript environment pointed at our workers. For
 * Flink the combiners are lifted here (its portable translator would not) and
 * the spec is staged; Dataflow gets the combines as the SDK's dataflowRunner
 * sends them, since its service lifts `combine_per_key` itself.
 */
export async function submittedPipeline(
  spec: MonitorSpec,
  targets: SubmissionTargets,
): Promise<runnerApi.Pipeline> {
  const built = await kafkaPipelineProto(spec, targets.expansionService, targets.runner);
  if (targets.runner === "dataflow") return withWorkerImage(built, targets.workerImage);
  return withEnvironmentArtifacts(withExternalWorkers(liftCombiners(built), targets.workerPoolAddress), [
    specArtifact(targets.specFile),
  ]);
}

/** The monitoring pipeline's proto; a Kafka source's read expanded by the expansion service, which runs only meanwhile. */
async function kafkaPipelineProto(
  spec: MonitorSpec,
  expansionService: string | undefined,
  target: ExpansionTarget,
) {
  if (spec.source.kind !== "kafka") return pipelineProto(monitorPipeline(spec));
  const expansion = await kafkaExpansionService(expansionService, target);
  useRaceFreeArtifactDownload();
  try {
    return await pipelineProto(monitorPipeline(spec, readKafkaRecords(spec.source, expansion.address)));
  } finally {
    await expansion.stop();
  }
}
