import { Command } from "commander";
import { InferenceLogger } from "../logger/inference_logger";
import { addKafkaSecurityOptions, kafkaSecurityOfFlags } from "./kafka_security_options";
import { positiveInteger, tcpPort } from "./option_parsers";

export function loggerCommand(): Command {
  return addKafkaSecurityOptions(
    new Command("logger")
      .description(
        "Serve KServe's inference logger: point an InferenceService's logger.url here. Each CloudEvent " +
          "(binary or structured mode) is written to the topic (attributes as ce_* headers, timestamp = " +
          "event time, key = event id) and answered 202 once Kafka acknowledged it; 400 malformed, 503 Kafka " +
          "unavailable, 429 too many requests in flight. GET /healthz, GET /metrics (JSON counters).",
      )
      .requiredOption("--brokers <list>", "comma-separated bootstrap brokers, e.g. localhost:9092")
      .requiredOption("--topic <name>", "the topic to write")
      .option("--port <port>", "port to listen on (0: any free port)", tcpPort, 8080)
      .option("--host <address>", "address to listen on", "0.0.0.0")
      .option(
        "--max-in-flight <n>",
        "requests in progress at once; more are answered 429",
        positiveInteger,
        256,
      )
      .option("--max-body-bytes <n>", "larger events are answered 413", positiveInteger, 16 * 1024 * 1024),
  ).action(async (options) => {
    const logger = await InferenceLogger.start({
      connection: { brokers: options.brokers, ...kafkaSecurityOfFlags(options, "model-monitor logger") },
      topic: options.topic,
      port: options.port,
      host: options.host,
      maxInFlight: options.maxInFlight,
      maxBodyBytes: options.maxBodyBytes,
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
