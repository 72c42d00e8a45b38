#!/usr/bin/env node
import "apache-beam";
import { bootSdkHarnesses } from "../runners/dataflow/container_boot";

/**
 * The Dataflow worker container's entry point: `node dist/cli/dataflow_worker.js
 * --id=… --provision_endpoint=…` as Dataflow starts an SDK container. The
 * harnesses run until Dataflow stops the container.
 */
bootSdkHarnesses(process.argv.slice(2)).then(
  (workerIds) => console.error(`model-monitor: SDK harnesses ${workerIds.join(", ")} started`),
  (error: Error) => {
    console.error(`model-monitor: ${error.message}`);
    process.exit(1);
  },
);
