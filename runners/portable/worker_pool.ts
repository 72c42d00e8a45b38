import "apache-beam";
// The monitoring pipeline's modules register, on import, the modules its
// DoFns reference (requireForSerialization); a worker must have them
// registered before it deserializes a DoFn, so they are imported here, after
// the apache-beam index (the SDK's subpath modules need the index loaded first).
import "../../pipelines/monitor";
// On Flink a Kafka source is KafkaIO: its rows are decoded (Int64RowCoder) and mapped to events here.
import "../../transforms/io/kafka_xlang/read_kafka_with_metadata";
import { ExternalWorkerPool } from "apache-beam/worker/external_worker_service";

/**
 * A BeamFnExternalWorkerPool service: a runner (Flink's task manager, for an
 * EXTERNAL environment) calls StartWorker with its control endpoint and gets
 * an SDK harness in this process connected to it. Resolves to the bound
 * address ("localhost:<port>").
 */
export async function startWorkerPool(
  bindAddress: string,
): Promise<{ address: string; stop(): Promise<void> }> {
  const pool = new ExternalWorkerPool(bindAddress);
  const address = await pool.start();
  return { address, stop: () => pool.stop() };
}
