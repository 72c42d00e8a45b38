import * as http from "http";
import { MonitorMetrics } from "./monitor_metrics";

/** One metrics server per port and process: every bundle's sink DoFn in a worker reports to the same one. */
interface MetricsEndpoint {
  metrics: MonitorMetrics;
  server: http.Server;
}

const endpoints: Record<number, MetricsEndpoint> = {};

/**
 * The metrics of the Prometheus sink on `port`, serving `GET /metrics` from the
 * first call on. The server does not keep the process alive (a bounded run
 * ends when its job does); a streaming job keeps it serving.
 */
export function metricsEndpoint(port: number): MetricsEndpoint {
  const existing = endpoints[port];
  if (existing) return existing;
  const metrics = new MonitorMetrics();
  const server = http.createServer((request, response) => {
    if (request.url?.split("?")[0] !== "/metrics") {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("metrics are at /metrics\n");
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { "Content-Type": metrics.registry.contentType }).end(text),
      (error: Error) => response.writeHead(500, { "Content-Type": "text/plain" }).end(`${error.message}\n`),
    );
  });
  server.on("error", (error) => {
    console.error(`prometheus sink: cannot serve metrics on port ${port}: ${error.message}`);
  });
  server.listen(port);
  server.unref();
  endpoints[port] = { metrics, server };
  return endpoints[port];
}

/** Stops every metrics server of this process (tests; a job's servers live as long as the job). */
export async function closeMetricsEndpoints(): Promise<void> {
  const ports = Object.keys(endpoints).map(Number);
  await Promise.all(
    ports.map((port) => new Promise<void>((resolve) => endpoints[port].server.close(() => resolve()))),
  );
  for (const port of ports) delete endpoints[port];
}
