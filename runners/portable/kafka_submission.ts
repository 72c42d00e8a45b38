import { SpecError } from "../../pipelines/spec/load_spec";
import type { MonitorSpec } from "../../pipelines/spec/schema";

/**
 * Checks, before anything starts, that a spec's Kafka source can be submitted
 * to `runnerName` (Flink or Dataflow): the runner reads it with Beam's
 * cross-language KafkaIO, so `--expansion-service` must be given (a SpecError
 * naming the option otherwise, exit 2). Warns that `untilIdle` has no KafkaIO
 * equivalent: such a job reads until cancelled unless `maxRecords` bounds it.
 */
export function checkKafkaSubmission(
  spec: MonitorSpec,
  specFile: string,
  expansionService: string | undefined,
  runnerName: string,
): void {
  if (spec.source.kind !== "kafka") return;
  if (expansionService === undefined) {
    const message =
      `on ${runnerName} a kafka source is read by Beam's cross-language KafkaIO: give --expansion-service ` +
      "with the host:port of a running Beam Java IO expansion service or the path of its jar " +
      `(${runnerName === "Dataflow" ? "docs/dataflow.md" : "docs/flink.md, Kafka on Flink"})`;
    throw new SpecError([{ file: specFile, fieldPath: ".source.kind", message }]);
  }
  if (spec.source.untilIdle !== undefined)
    console.error(
      `model-monitor: source.untilIdle is not honoured on ${runnerName} (KafkaIO has no idle bound; ` +
        "maxRecords is): without maxRecords the job reads until it is cancelled",
    );
}
