import { Command, Option } from "commander";
import { addKafkaSecurityOptions, kafkaSecurityOfFlags } from "./kafka_security_options";
import { type ReplayProgress, replayLog } from "./replay_log";
import { positiveNumber } from "./option_parsers";

function describe(progress: ReplayProgress): string {
  const seconds = Math.max(progress.elapsedMs, 1) / 1000;
  return (
    `${progress.sent} sent (${Math.round(progress.sent / seconds)} records/s), ` +
    `${progress.failed} failed, ${progress.unreadable} unreadable lines` +
    (progress.unstamped > 0 ? `, ${progress.unstamped} without an event time` : "")
  );
}

export function produceCommand(): Command {
  const command = new Command("produce")
    .description(
      "Replay a recorded inference log (kcat -C -J lines or bare bodies) into a Kafka topic as a KServe " +
        "logger pipeline writes it: CloudEvent attributes as headers, key = request id, record timestamp = " +
        "request time; records without a key go one produce request to a partition (sticky partitioning). " +
        "Also the load generator for benchmarks.",
    )
    .argument("<log>", "the JSON-lines log file")
    .requiredOption("--brokers <list>", "comma-separated bootstrap brokers, e.g. localhost:9092")
    .requiredOption("--topic <name>", "the topic to write")
    .option(
      "--rate <records/s>",
      "records per second, the records due sent together every 10 ms (default: as fast as possible)",
      positiveNumber,
    )
    .option(
      "--concurrency <n>",
      "produce requests in flight (above 1, records may land out of order, as from concurrent loggers)",
      positiveNumber,
      1,
    )
    .addOption(
      new Option("--timestamps <mode>", "record timestamp: the recorded request time, or the send time")
        .choices(["original", "now"])
        .default("original"),
    )
    .option(
      "--event-time <path>",
      "record timestamp: the time at this field path of each JSON body (epoch ms or ISO 8601, dots for " +
        "nesting), as a spec's input.eventTime reads it; overrides --timestamps",
    );
  return addKafkaSecurityOptions(command).action(async (log: string, options) => {
    let lastReportMs = 0;
    const progress = await replayLog(log, {
      brokers: options.brokers,
      security: kafkaSecurityOfFlags(options, "model-monitor produce"),
      topic: options.topic,
      ratePerSecond: options.rate,
      concurrency: options.concurrency,
      timestamps: options.timestamps,
      eventTimePath: options.eventTime,
      onProgress: (current) => {
        if (current.elapsedMs - lastReportMs < 1000 || !process.stderr.isTTY) return;
        lastReportMs = current.elapsedMs;
        process.stderr.write(`\r${describe(current)}`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    console.error(
      `model-monitor produce: ${describe(progress)} in ${(progress.elapsedMs / 1000).toFixed(1)} s`,
    );
    if (progress.firstError) console.error(`  first problem: ${progress.firstError}`);
    if (progress.failed > 0)
      throw new Error(`${progress.failed} records were not written to ${options.topic}`);
  });
}
