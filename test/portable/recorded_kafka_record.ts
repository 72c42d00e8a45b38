import type { KafkaRecordRow } from "../../transforms/io/kafka_xlang/kafka_record_row";
import type { LineOrigin } from "../../transforms/parse/recorded_log";
import type { RawEvent } from "../../transforms/parse/raw_event";

/**
 * The row KafkaIO's read with metadata gives for a record of the flights
 * recording (kcat -C -J of one partition, checked by the caller: line n is
 * offset n − 1 of partition 0, no key), rebuilt from the event our file
 * source reads from that line: value and headers as UTF-8 bytes, the record
 * timestamp as a CreateTime timestamp.
 */
export function kafkaRecordRowOfRecordedEvent(event: RawEvent, topic: string): KafkaRecordRow {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  return {
    topic,
    partition: 0,
    offset: (event.origin as LineOrigin).line - 1,
    timestamp: event.timestampMs ?? -1,
    key: null,
    value: utf8(event.value),
    headers: Object.entries(event.headers).map((header) => ({ key: header[0], value: utf8(header[1]) })),
    timestampTypeId: 0,
    timestampTypeName: "CreateTime",
  };
}
