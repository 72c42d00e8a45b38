package beammodelmonitor.kafka;

import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.expansion.ExternalTransformRegistrar;
import org.apache.beam.sdk.transforms.ExternalTransformBuilder;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Registers {@link KafkaReadRecords} with Beam's Java expansion service under its URN. The
 * service sets the {@link Configuration}'s fields from the request's ExternalConfigurationPayload
 * (snake_case field names: consumer_config, topics, max_num_records).
 */
@AutoService(ExternalTransformRegistrar.class)
public class KafkaReadRecordsRegistrar implements ExternalTransformRegistrar {
  @Override
  public Map<String, ExternalTransformBuilder<?, ?, ?>> knownBuilderInstances() {
    return Map.of(KafkaReadRecords.URN, new Builder());
  }

  /** The read's configuration; max_num_records may be absent (an unbounded read). */
  public static class Configuration {
    private Map<String, String> consumerConfig = Map.of();
    private List<String> topics = List.of();
    private Long maxNumRecords;

    public void setConsumerConfig(Map<String, String> consumerConfig) {
      this.consumerConfig = consumerConfig;
    }

    public void setTopics(List<String> topics) {
      this.topics = topics;
    }

    public void setMaxNumRecords(Long maxNumRecords) {
      this.maxNumRecords = maxNumRecords;
    }
  }

  static class Builder
      implements ExternalTransformBuilder<Configuration, PBegin, PCollection<byte[]>> {
    @Override
    public KafkaReadRecords buildExternal(Configuration configuration) {
      if (configuration.topics.isEmpty())
        throw new IllegalArgumentException(KafkaReadRecords.URN + ": no topics given");
      return new KafkaReadRecords(
          configuration.consumerConfig, configuration.topics, configuration.maxNumRecords);
    }
  }
}
