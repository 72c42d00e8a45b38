import { Command, InvalidArgumentError } from "commander";
import { startWorkerPool } from "../runners/portable/worker_pool";

function port(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new InvalidArgumentError(`expected a TCP port, got "${text}"`);
  return value;
}

export function workerPoolCommand(): Command {
  return new Command("worker-pool")
    .description(
      "Serve TypeScript SDK workers for Flink task managers (an EXTERNAL environment's BeamFnExternalWorkerPool); " +
        "runs until stopped.",
    )
    .option("--port <port>", "the port to listen on (all interfaces)", port, 50000)
    .action(async (options: { port: number }) => {
      const pool = await startWorkerPool(`0.0.0.0:${options.port}`);
      console.error(`model-monitor: worker pool listening on port ${pool.address.split(":")[1]}`);
      await new Promise<never>(() => undefined);
    });
}
