import { Command } from "commander";
import { startWorkerPool } from "../runners/portable/worker_pool";
import { tcpPort } from "./option_parsers";

/** The port a worker pool listens on by default: Beam's default for an EXTERNAL environment's worker pool. */
export const DEFAULT_WORKER_POOL_PORT = 50000;

export function workerPoolCommand(): Command {
  return new Command("worker-pool")
    .description(
      "Serve TypeScript SDK workers for Flink task managers (an EXTERNAL environment's BeamFnExternalWorkerPool); " +
        "runs until stopped.",
    )
    .option("--port <port>", "the port to listen on (all interfaces)", tcpPort, DEFAULT_WORKER_POOL_PORT)
    .action(async (options: { port: number }) => {
      const pool = await startWorkerPool(`0.0.0.0:${options.port}`);
      console.error(`model-monitor: worker pool listening on port ${pool.address.split(":")[1]}`);
      await new Promise<never>(() => undefined);
    });
}
