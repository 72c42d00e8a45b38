import type { MonitorSpec } from "../../pipelines/spec/schema";

/**
 * Warns, before anything starts, that a spec's Kafka source submitted to
 * `runnerName` (Flink or Dataflow), read there by our cross-language Kafka
 * read on KafkaIO, ignores `untilIdle` (KafkaIO has no idle bound): such a
 * job reads until cancelled unless `maxRecords` bounds it.
 */
export function warnAboutKafkaSubmission(spec: MonitorSpec, runnerName: string): void {
  if (spec.source.kind === "kafka" && spec.source.untilIdle !== undefined)
    console.error(
      `model-monitor: source.untilIdle is not honoured on ${runnerName} (KafkaIO has no idle bound; ` +
        "maxRecords is): without maxRecords the job reads until it is cancelled",
    );
}
