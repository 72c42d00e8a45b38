import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const POM = path.resolve(__dirname, "../../../test/support/kafka-broker/pom.xml");
const SETUP = "scripts/setup-tests.sh (run by `npm test`)";

/**
 * The broker's classpath, as scripts/setup.d/20-kafka-broker.sh wrote it: a cache file named by
 * the pom's hash, so a changed pom is never started with jars resolved for the old one.
 */
export function brokerClasspath(): string {
  const digest = createHash("sha256").update(fs.readFileSync(POM)).digest("hex").slice(0, 16);
  const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache");
  const file = path.join(cache, "beam-model-monitor", `kafka-broker-${digest}.classpath`);
  if (!fs.existsSync(file)) {
    throw new Error(`the Kafka broker's classpath ${file} is missing: run ${SETUP} to resolve Kafka 3.7.2`);
  }
  const jars = fs.readFileSync(file, "utf8").trim().split(":");
  const missing = jars.find((jar) => !fs.existsSync(jar));
  if (missing !== undefined)
    throw new Error(`the Kafka broker's jar ${missing} is missing: run ${SETUP} again`);
  return jars.join(":");
}

/** The `java` to start the broker with (JAVA_HOME's, else the PATH's), or an error saying what to install. */
export function javaCommand(): string {
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin", "java") : "java";
  try {
    execFileSync(java, ["-version"], { stdio: "pipe" });
  } catch {
    throw new Error(`cannot run '${java}' for the Kafka broker: install a JDK 17+ (see ${SETUP})`);
  }
  return java;
}

export interface BrokerPorts {
  broker: number;
  controller: number;
}

/**
 * A single-node KRaft cluster (broker and controller in one process) on loopback. Settings
 * differing from Kafka's defaults, and why:
 * - `log.retention.ms=-1`: the example logs are stamped January 2026; time-based retention
 *   would delete their segments as soon as they are written.
 * - internal topics with replication 1 (one broker) and few partitions (each is created on a
 *   first group or transaction, and 50 of them cost seconds on 2 cores);
 * - `group.initial.rebalance.delay.ms=0`: a group's first member starts at once, not after 3 s;
 * - `group.min.session.timeout.ms=1000`: tests give short sessions so that a killed member's
 *   partitions move in seconds (Kafka's floor is 6 s);
 * - `auto.create.topics.enable=false`: tests create every topic, so a misspelt one fails;
 * - broker session 2 s, heartbeats every 0.5 s: a broker restarted after a kill registers again
 *   only once its old registration's session has expired (9 s by default, 14 s to restart).
 */
export function serverProperties(ports: BrokerPorts, dataDir: string): string {
  const settings: Record<string, string | number> = {
    "process.roles": "broker,controller",
    "node.id": 1,
    "controller.quorum.voters": `1@127.0.0.1:${ports.controller}`,
    listeners: `PLAINTEXT://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
    "advertised.listeners": `PLAINTEXT://127.0.0.1:${ports.broker}`,
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "log.dirs": dataDir,
    "log.retention.ms": -1,
    "offsets.topic.replication.factor": 1,
    "offsets.topic.num.partitions": 4,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "transaction.state.log.num.partitions": 4,
    "group.initial.rebalance.delay.ms": 0,
    "group.min.session.timeout.ms": 1000,
    "auto.create.topics.enable": "false",
    "broker.session.timeout.ms": 2000,
    "broker.heartbeat.interval.ms": 500,
  };
  return Object.entries(settings)
    .map(([name, value]) => `${name}=${value}`)
    .join("\n");
}

/** The line the broker logs to stdout once it serves clients (kafka.server.KafkaRaftServer). */
export const STARTED_LINE = "Kafka Server started";

/**
 * log4j settings: everything at INFO into `logFile` (read it when a test fails), and the server's
 * start line also to stdout, where the fixture waits for it.
 */
export function log4jProperties(logFile: string): string {
  return [
    "log4j.rootLogger=INFO, file",
    "log4j.appender.file=org.apache.log4j.FileAppender",
    `log4j.appender.file.File=${logFile}`,
    "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
    "log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n",
    "log4j.logger.kafka.server.KafkaRaftServer=INFO, stdout",
    "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
    "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
    "log4j.appender.stdout.layout.ConversionPattern=%m%n",
  ].join("\n");
}
