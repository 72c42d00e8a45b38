package beammodelmonitor.kafka;

import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes KafkaRecordBytes encodings of a few records to the file named by its argument, each
 * preceded by its int32 length, for the TypeScript decoder's test
 * (test/portable/kafka_record_bytes.test.ts), which states the same records and checks what it
 * decodes from these bytes.
 */
public final class WriteRecordBytesFixture {
  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws IOException {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce-type", utf8("inference"));
    headers.add("ce-id", utf8("first"));
    headers.add("ce-id", utf8("second"));
    headers.add("gone", utf8("x"));
    headers.add("gone", null);
    headers.add("empty", new byte[0]);
    List<KafkaRecord<byte[], byte[]>> records =
        List.of(
            new KafkaRecord<>(
                "flights-inference",
                2,
                1_099_511_627_781L, // 2^40 + 5: past 32 bits
                1_767_225_600_123L,
                KafkaTimestampType.CREATE_TIME,
                headers,
                utf8("key-1"),
                utf8("{\"délai\": 12.5}")),
            new KafkaRecord<>(
                "t",
                0,
                0L,
                -1L,
                KafkaTimestampType.NO_TIMESTAMP_TYPE,
                null,
                null,
                null),
            new KafkaRecord<>(
                "t",
                7,
                42L,
                1_000L,
                KafkaTimestampType.LOG_APPEND_TIME,
                new RecordHeaders(),
                new byte[0],
                new byte[0]));
    try (DataOutputStream out = new DataOutputStream(new FileOutputStream(args[0]))) {
      for (KafkaRecord<byte[], byte[]> record : records) {
        byte[] bytes = KafkaRecordBytes.encode(record);
        out.writeInt(bytes.length);
        out.write(bytes);
      }
    }
  }
}
