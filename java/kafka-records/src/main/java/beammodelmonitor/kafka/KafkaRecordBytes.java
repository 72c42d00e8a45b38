package beammodelmonitor.kafka;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One Kafka record as bytes, the layout the TypeScript side decodes
 * (transforms/io/kafka_xlang/kafka_record_bytes.ts). Integers big-endian; a "bytes" field is an
 * int32 length then that many bytes, length -1 for null; a "text" field is bytes holding UTF-8.
 *
 * <pre>
 *   topic            text
 *   partition        int32
 *   offset           int64
 *   timestamp        int64   epoch ms, -1 when the record has none
 *   timestamp type   int32   -1 none, 0 CreateTime, 1 LogAppendTime (Kafka's TimestampType id)
 *   key              bytes   (nullable)
 *   value            bytes   (nullable)
 *   header count     int32
 *   each header      key text, value bytes (nullable); in the record's order, repeats kept
 * </pre>
 */
public final class KafkaRecordBytes {
  private KafkaRecordBytes() {}

  public static byte[] encode(KafkaRecord<byte[], byte[]> record) {
    return encode(
        record.getTopic(),
        record.getPartition(),
        record.getOffset(),
        record.getTimestamp(),
        record.getTimestampType().id,
        record.getKV().getKey(),
        record.getKV().getValue(),
        record.getHeaders());
  }

  public static byte[] encode(
      String topic,
      int partition,
      long offset,
      long timestamp,
      int timestampType,
      byte[] key,
      byte[] value,
      Headers headers) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      writeBytes(out, topic.getBytes(StandardCharsets.UTF_8));
      out.writeInt(partition);
      out.writeLong(offset);
      out.writeLong(timestamp);
      out.writeInt(timestampType);
      writeBytes(out, key);
      writeBytes(out, value);
      Header[] all = headers == null ? new Header[0] : headers.toArray();
      out.writeInt(all.length);
      for (Header header : all) {
        writeBytes(out, header.key().getBytes(StandardCharsets.UTF_8));
        writeBytes(out, header.value());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return buffer.toByteArray();
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(bytes.length);
    out.write(bytes);
  }
}
