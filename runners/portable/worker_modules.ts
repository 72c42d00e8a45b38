// The modules a TypeScript worker must load before it deserializes the
// pipeline's DoFns: the monitoring pipeline's modules register (on import,
// with requireForSerialization) the modules its DoFns reference, and the
// cross-language Kafka read registers its bytes-to-event mapping. The
// apache-beam index comes first: the SDK's subpath modules need it loaded.
import "apache-beam";
import "../../pipelines/monitor";
import "../../transforms/io/kafka_xlang/read_kafka_records";
