package beammodelmonitor.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.joda.time.Duration;

/**
 * A Kafka read for the monitor's pipeline on Flink and Dataflow: KafkaIO.readBytes() of the given
 * topics, each record turned into one byte array ({@link KafkaRecordBytes}), coded with
 * ByteArrayCoder. Plain bytes instead of KafkaIO's with-metadata rows: their SchemaCoder fails on
 * Beam 2.49 (apache/beam#26981, the record's List of headers), and bytes need no row coder on the
 * TypeScript side.
 *
 * <p>Record timestamps are Kafka's CreateTime; the watermark is the largest one seen per partition
 * (no delay: the spec's watermark delay is in the windowing). Offsets are committed to the
 * consumer group only by {@code commitOffsetsInFinalize()}, never by Kafka's auto-commit.
 *
 * <p>Which of KafkaIO's reads runs is the expansion service's choice: started with {@code
 * --experiments=use_deprecated_read} (how model-monitor starts it for Flink), KafkaIO's
 * UnboundedSource read, which Flink runs in its own source operator and whose KafkaCheckpointMark
 * commits the offsets a checkpoint holds once Flink completes that checkpoint; otherwise (Dataflow's
 * Runner v2) the splittable-DoFn read, which commits through KafkaIO's KafkaCommitOffset step
 * (docs/flink.md, "How offsets are committed").
 */
public class KafkaReadRecords extends PTransform<PBegin, PCollection<byte[]>> {
  public static final String URN = "beam:transform:beam-model-monitor:kafka_read_records:v1";

  private final Map<String, String> consumerConfig;
  private final List<String> topics;
  private final Long maxNumRecords;

  KafkaReadRecords(Map<String, String> consumerConfig, List<String> topics, Long maxNumRecords) {
    this.consumerConfig = consumerConfig;
    this.topics = topics;
    this.maxNumRecords = maxNumRecords;
  }

  @Override
  public PCollection<byte[]> expand(PBegin input) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    // KafkaIO's commitOffsetsInFinalize commits; Kafka's default auto-commit (every 5 s, whatever
    // was processed) would let a restarted job skip records.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaIO.Read<byte[], byte[]> read =
        KafkaIO.readBytes()
            .withTopics(topics)
            .withConsumerConfigUpdates(config)
            .withCreateTime(Duration.ZERO)
            .commitOffsetsInFinalize();
    if (maxNumRecords != null) read = read.withMaxNumRecords(maxNumRecords);
    return input
        .apply("KafkaIO", read)
        .apply(
            "RecordBytes",
            MapElements.into(TypeDescriptor.of(byte[].class)).via(KafkaRecordBytes::encode))
        .setCoder(ByteArrayCoder.of());
  }
}
