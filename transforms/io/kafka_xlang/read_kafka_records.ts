import * as beam from "apache-beam";
import { version as beamVersion } from "apache-beam/version";
import { requireForSerialization } from "apache-beam/serialization";
import { rawExternalTransform } from "apache-beam/transforms/external";
import type { RawEvent } from "../../parse/raw_event";
import { type KafkaSourceSpec, kafkaConsumerProperties } from "../kafka/kafka_consumer_properties";
import { type ConfigurationValue, externalConfigurationPayload } from "./external_configuration";
// Workers decode KafkaIO's rows (INT64 offset and timestamp) with this row coder; see there.
import "./int64_row_coder";
import * as kafkaRecordRow from "./kafka_record_row";
import type { KafkaRecordRow } from "./kafka_record_row";

// The row-to-event DoFn below reaches TextDecoder through this module: serialized as a reference to it.
requireForSerialization("beam-model-monitor/transforms/io/kafka_xlang/kafka_record_row", kafkaRecordRow);

/** Java's KafkaIO read with metadata, as its expansion service registers it (KafkaIO.Read.External). */
export const KAFKA_READ_WITH_METADATA_URN = "beam:transform:org.apache.beam:kafka_read_with_metadata:v1";

/** The with-metadata read only takes keys and values as bytes; we decode them ourselves. */
const BYTE_ARRAY_DESERIALIZER = "org.apache.kafka.common.serialization.ByteArrayDeserializer";

/**
 * KafkaIO's external configuration (KafkaIO.Read.External.Configuration,
 * field names as Python's ReadFromKafka sends them) for a spec's Kafka
 * source. Timestamp policy `CreateTime`: each element's timestamp is its
 * record timestamp and the watermark the largest one seen per partition
 * (DESIGN.md: the watermark delay is in the windowing, not the source).
 * Offsets are committed to the spec's consumer group once the runner has
 * checkpointed the records (on Flink: docs/flink.md, "Checkpoints, offsets and
 * restarts"). A spec's `maxRecords` bounds the read; `untilIdle` has no KafkaIO
 * equivalent.
 */
export function kafkaReadConfiguration(spec: KafkaSourceSpec): Record<string, ConfigurationValue> {
  const maxRecords: Record<string, ConfigurationValue> =
    spec.maxRecords === undefined ? {} : { max_num_records: { kind: "int64", value: spec.maxRecords } };
  return {
    consumer_config: { kind: "stringMap", value: kafkaConsumerProperties(spec) },
    topics: { kind: "strings", value: [spec.topic] },
    key_deserializer: { kind: "string", value: BYTE_ARRAY_DESERIALIZER },
    value_deserializer: { kind: "string", value: BYTE_ARRAY_DESERIALIZER },
    ...maxRecords,
    commit_offset_in_finalize: { kind: "boolean", value: true },
    timestamp_policy: { kind: "string", value: "CreateTime" },
  };
}

/** The expansion service failed to expand the read: its message says why. Not retriable. */
export class KafkaExpansionError extends Error {
  readonly retriable = false;
}

/**
 * A spec's Kafka source read by Beam's cross-language KafkaIO, expanded by
 * the Java expansion service at `expansionServiceAddress` (host:port), each
 * record turned into the RawEvent our direct runner's Kafka source makes of
 * it (rawEventOfKafkaRecord), stamped with its record timestamp by KafkaIO.
 */
export function readKafkaWithMetadata(
  spec: KafkaSourceSpec,
  expansionServiceAddress: string,
): beam.AsyncPTransform<beam.Root, beam.PCollection<RawEvent>> {
  const payload = externalConfigurationPayload(kafkaReadConfiguration(spec));
  return beam.withName("readKafkaWithMetadata", async (root: beam.Root) => {
    const records = await root
      .applyAsync(
        rawExternalTransform<beam.Root, beam.PCollection<KafkaRecordRow>>(
          KAFKA_READ_WITH_METADATA_URN,
          payload,
          expansionServiceAddress,
        ),
      )
      .catch((error: Error) => {
        throw new KafkaExpansionError(
          `the expansion service at ${expansionServiceAddress} could not expand the Kafka read of ` +
            `${spec.topic} (${error.message}); it should be Beam ${beamVersion}'s Java IO expansion service`,
          { cause: error },
        );
      });
    return records.map(
      beam.withName("rawEvent", (record: KafkaRecordRow) => kafkaRecordRow.rawEventOfKafkaRecord(record)),
    );
  });
}
