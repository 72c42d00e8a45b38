import "./worker_modules";
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
