/**
 * The inference logger under load and abuse, on loopback against a real
 * broker (test/support/kafka_broker.ts): accepted requests/s, p99 latency and
 * the logger's peak RSS for (1) 2,000 concurrent clients, (2) the same while
 * 1,000 slowloris connections trickle headers, (3) the broker stopped.
 * Bounded: each phase sends a fixed number of requests. The logger runs in
 * its own process (`model-monitor logger`), so its RSS is its own.
 *
 *   npm run build && node dist/bench/logger_abuse.js [requestsPerPhase]
 */
import { type ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { KafkaBroker } from "../test/support/kafka_broker";

const CLIENTS = 2_000;
const SLOWLORIS = 1_000;
const REQUESTS = Number(process.argv[2] ?? 20_000);
const HEADERS = {
  "ce-specversion": "1.0",
  "ce-id": "r1",
  "ce-source": "http://model/",
  "ce-type": "org.kubeflow.serving.inference.request",
  "content-type": "application/json",
};
const BODY = JSON.stringify({ instances: [[6.8, 2.8, 4.8, 1.4]] });

const rssOf = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

async function startLogger(brokers: string, port: number): Promise<ChildProcess> {
  // LOGGER_CLI: another build of the CLI (e.g. the previous logger) for a baseline in the same session.
  const cli = process.env.LOGGER_CLI ?? path.resolve(__dirname, "../cli/main.js");
  const child = spawn(
    process.execPath,
    [
      cli,
      "logger",
      "--brokers",
      brokers,
      "--topic",
      "bench",
      "--port",
      String(port),
      "--max-in-flight",
      "256",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (data: Buffer) => data.toString().includes("listening on") && resolve());
    child.once("exit", (code) => reject(new Error(`logger exited ${code}`)));
  });
  return child;
}

interface Phase {
  name: string;
  statuses: Record<number, number>;
  acceptedPerSecond: number;
  p99Ms: number;
  peakRssBytes: number;
}

async function phase(name: string, port: number, loggerPid: number): Promise<Phase> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const statuses: Record<number, number> = {};
  const latencies: number[] = [];
  let next = 0;
  const peak = { rssBytes: rssOf(loggerPid) };
  const sampler = setInterval(() => (peak.rssBytes = Math.max(peak.rssBytes, rssOf(loggerPid))), 100);
  const startedMs = Date.now();
  const client = async () => {
    while (next < REQUESTS) {
      next++;
      const sentMs = performance.now();
      const status = await new Promise<number>((resolve) => {
        const request = http.request(
          { host: "127.0.0.1", port, method: "POST", agent, headers: HEADERS },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode!));
          },
        );
        request.on("error", () => resolve(0));
        request.end(BODY);
      });
      latencies.push(performance.now() - sentMs);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const elapsedS = (Date.now() - startedMs) / 1000;
  clearInterval(sampler);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    name,
    statuses,
    acceptedPerSecond: Math.round((statuses[202] ?? 0) / elapsedS),
    p99Ms: Math.round(latencies[Math.floor(latencies.length * 0.99)]),
    peakRssBytes: peak.rssBytes,
  };
}

/** 1,000 connections each sending a header byte every second; the logger closes them at its headers timeout. */
function slowloris(port: number): () => number {
  const sockets: net.Socket[] = [];
  let closed = 0;
  for (let i = 0; i < SLOWLORIS; i++) {
    const socket = net.connect(port, "127.0.0.1", () => socket.write("POST / HTTP/1.1\r\nHost: x\r\nX-a: "));
    socket.on("error", () => {});
    socket.on("close", () => closed++);
    sockets.push(socket);
  }
  const trickle = setInterval(() => sockets.forEach((s) => s.writable && s.write("a")), 1_000);
  return () => {
    clearInterval(trickle);
    sockets.forEach((s) => s.destroy());
    return closed;
  };
}

async function main(): Promise<void> {
  const broker = await KafkaBroker.start();
  await broker.createTopic("bench", 4);
  const port = 18_000 + Math.floor(Math.random() * 1000);
  const logger = await startLogger(broker.bootstrap, port);
  try {
    const results: Phase[] = [];
    results.push(await phase("2,000 clients", port, logger.pid!));
    const stopSlowloris = slowloris(port);
    results.push(await phase("2,000 clients + 1,000 slowloris", port, logger.pid!));
    const closedByLogger = stopSlowloris();
    await broker.stop();
    results.push(await phase("2,000 clients, broker stopped", port, logger.pid!));
    await broker.start();
    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString(),
          requestsPerPhase: REQUESTS,
          slowlorisClosedByLogger: closedByLogger,
          results,
        },
        null,
        2,
      ),
    );
  } finally {
    logger.kill("SIGTERM");
    await broker.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
