import * as beam from "apache-beam";
import { requireForSerialization } from "apache-beam/serialization";
import { rawExternalTransform } from "apache-beam/transforms/external";
import type { RawEvent } from "../../parse/raw_event";
import { type KafkaSourceSpec, kafkaConsumerProperties } from "../kafka/kafka_consumer_properties";
import { type ConfigurationValue, externalConfigurationPayload } from "./external_configuration";
import * as kafkaRecord from "./kafka_record";
import * as kafkaRecordBytes from "./kafka_record_bytes";

// The bytes-to-event DoFn below reaches these modules' functions: serialized as references to them.
requireForSerialization("beam-model-monitor/transforms/io/kafka_xlang/kafka_record", kafkaRecord);
requireForSerialization("beam-model-monitor/transforms/io/kafka_xlang/kafka_record_bytes", kafkaRecordBytes);

/** Our Kafka read (java/kafka-records, KafkaReadRecords.java), as our expansion service registers it. */
export const KAFKA_READ_RECORDS_URN = "beam:transform:beam-model-monitor:kafka_read_records:v1";

/**
 * The read's configuration (KafkaReadRecordsRegistrar.Configuration): the
 * spec's consumer properties (the Java side adds enable.auto.commit=false),
 * its topic and, when the spec bounds the read, `max_num_records`. The Java
 * side fixes the rest: byte keys and values, CreateTime timestamps, offsets
 * committed with completed checkpoints. `untilIdle` has no KafkaIO equivalent.
 */
export function kafkaReadConfiguration(spec: KafkaSourceSpec): Record<string, ConfigurationValue> {
  const maxRecords: Record<string, ConfigurationValue> =
    spec.maxRecords === undefined ? {} : { max_num_records: { kind: "int64", value: spec.maxRecords } };
  return {
    consumer_config: { kind: "stringMap", value: kafkaConsumerProperties(spec) },
    topics: { kind: "strings", value: [spec.topic] },
    ...maxRecords,
  };
}

/** The expansion service failed to expand the read: its message says why. Not retriable. */
export class KafkaExpansionError extends Error {
  readonly retriable = false;
}

/**
 * A spec's Kafka source read by our Java read (KafkaIO underneath),
 * expanded by the expansion service at `expansionServiceAddress`
 * (host:port; ours, runners/portable/expansion_service.ts), each record's
 * bytes turned into the RawEvent our direct runner's Kafka source makes of
 * it (rawEventOfKafkaRecord), stamped with its record timestamp by KafkaIO.
 */
export function readKafkaRecords(
  spec: KafkaSourceSpec,
  expansionServiceAddress: string,
): beam.AsyncPTransform<beam.Root, beam.PCollection<RawEvent>> {
  const payload = externalConfigurationPayload(kafkaReadConfiguration(spec));
  return beam.withName("readKafkaRecords", async (root: beam.Root) => {
    const records = await root
      .applyAsync(
        rawExternalTransform<beam.Root, beam.PCollection<Uint8Array>>(
          KAFKA_READ_RECORDS_URN,
          payload,
          expansionServiceAddress,
        ),
      )
      .catch((error: Error) => {
        throw new KafkaExpansionError(
          `the expansion service at ${expansionServiceAddress} could not expand the Kafka read of ` +
            `${spec.topic} (${error.message}); it must serve java/kafka-records' ${KAFKA_READ_RECORDS_URN} ` +
            `and run with --experiments=use_deprecated_read (docs/flink.md, "Kafka on Flink")`,
          { cause: error },
        );
      });
    return records.map(
      beam.withName("rawEvent", (bytes: Uint8Array) =>
        kafkaRecord.rawEventOfKafkaRecord(kafkaRecordBytes.decodeKafkaRecordBytes(bytes)),
      ),
    );
  });
}
