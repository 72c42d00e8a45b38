import * as fs from "fs";
import { Command } from "commander";
import { DEFAULT_TIMEOUTS, InferenceLogger } from "../logger/inference_logger";
import type { LoggerAuth, LoggerTls } from "../logger/logger_auth";
import { SpecError } from "../pipelines/spec/load_spec";
import { addKafkaSecurityOptions, kafkaSecurityOfFlags } from "./kafka_security_options";
import { positiveDurationMs, positiveInteger, tcpPort } from "./option_parsers";

const MIB = 1024 * 1024;

interface ServingFlags {
  tokenEnv?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
}

/** A problem with the logger's own flags, said like a spec problem (exit 2). */
const flagProblem = (flag: string, message: string) =>
  new SpecError([{ file: "model-monitor logger", fieldPath: flag, message }]);

/** Bearer tokens from the named variable (comma-separated, so tokens can be rotated): never on the command line. */
function authOfFlags({ tokenEnv }: ServingFlags): LoggerAuth | undefined {
  if (tokenEnv === undefined) return undefined;
  const bearerTokens = (process.env[tokenEnv] ?? "").split(",").filter((token) => token.trim() !== "");
  if (bearerTokens.length === 0)
    throw flagProblem(
      "--token-env",
      `environment variable ${tokenEnv} is not set (it should hold the bearer token)`,
    );
  return { bearerTokens: bearerTokens.map((token) => token.trim()) };
}

function pem(file: string, flag: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw flagProblem(flag, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
}

function tlsOfFlags({ tlsCert, tlsKey, tlsClientCa }: ServingFlags): LoggerTls | undefined {
  if (tlsCert === undefined && tlsKey === undefined && tlsClientCa === undefined) return undefined;
  if (tlsCert === undefined || tlsKey === undefined)
    throw flagProblem(
      tlsCert === undefined ? "--tls-cert" : "--tls-key",
      "HTTPS needs both --tls-cert and --tls-key",
    );
  return {
    cert: pem(tlsCert, "--tls-cert"),
    key: pem(tlsKey, "--tls-key"),
    clientCa: tlsClientCa === undefined ? undefined : pem(tlsClientCa, "--tls-client-ca"),
  };
}

export function loggerCommand(): Command {
  return addKafkaSecurityOptions(
    new Command("logger")
      .description(
        "Serve KServe's inference logger: point an InferenceService's logger.url here. Each CloudEvent " +
          "(binary or structured mode) is written to the topic (attributes as ce_* headers, timestamp = " +
          "event time, key = event id; idempotent producer) and answered 202 once Kafka acknowledged it; 400 " +
          "malformed, 401 bad token, 413 too large, 503 Kafka unavailable or body budget full, 429 too many " +
          "requests in flight. GET /healthz, GET /metrics (Prometheus). Memory for bodies is bounded by " +
          "--max-buffered-bytes; see docs/kafka.md for the ceiling and timeouts.",
      )
      .requiredOption("--brokers <list>", "comma-separated bootstrap brokers, e.g. localhost:9092")
      .requiredOption("--topic <name>", "the topic to write")
      .option("--port <port>", "port to listen on (0: any free port)", tcpPort, 8080)
      .option("--host <address>", "address to listen on (0.0.0.0: every interface)", "127.0.0.1")
      .option(
        "--max-in-flight <n>",
        "requests in progress at once; more are answered 429",
        positiveInteger,
        256,
      )
      .option("--max-body-bytes <n>", "larger events are answered 413 unread", positiveInteger, 16 * MIB)
      .option(
        "--max-buffered-bytes <n>",
        "body bytes held at once across all requests; beyond it 503",
        positiveInteger,
        64 * MIB,
      )
      .option("--max-connections <n>", "open connections at once; more are refused", positiveInteger, 4096)
      .option(
        "--headers-timeout <duration>",
        "time to send the request headers",
        positiveDurationMs,
        DEFAULT_TIMEOUTS.headersMs,
      )
      .option(
        "--request-timeout <duration>",
        "time to send the whole request",
        positiveDurationMs,
        DEFAULT_TIMEOUTS.requestMs,
      )
      .option(
        "--idle-timeout <duration>",
        "time a connection may stay silent",
        positiveDurationMs,
        DEFAULT_TIMEOUTS.idleMs,
      )
      .option(
        "--token-env <variable>",
        "environment variable holding the bearer token(s) requests must carry",
      )
      .option("--tls-cert <file>", "PEM certificate to serve HTTPS with (with --tls-key)")
      .option("--tls-key <file>", "PEM key of --tls-cert")
      .option("--tls-client-ca <file>", "PEM CA whose client certificates are required (mutual TLS)"),
  ).action(async (options) => {
    const logger = await InferenceLogger.start({
      connection: { brokers: options.brokers, ...kafkaSecurityOfFlags(options, "model-monitor logger") },
      topic: options.topic,
      port: options.port,
      host: options.host,
      maxInFlight: options.maxInFlight,
      maxBodyBytes: options.maxBodyBytes,
      maxBufferedBytes: options.maxBufferedBytes,
      maxConnections: options.maxConnections,
      timeouts: {
        headersMs: options.headersTimeout,
        requestMs: options.requestTimeout,
        idleMs: options.idleTimeout,
      },
      auth: authOfFlags(options),
      tls: tlsOfFlags(options),
      log: (line) => console.error(line),
    });
    console.error(`model-monitor logger: listening on ${logger.url}, writing to topic ${options.topic}`);
    const signal = await new Promise<string>((resolve) => {
      process.once("SIGINT", () => resolve("SIGINT"));
      process.once("SIGTERM", () => resolve("SIGTERM"));
    });
    await logger.close();
    console.error(`model-monitor logger: ${signal}: stopped; ${JSON.stringify(logger.snapshot())}`);
  });
}
