import { type ChildProcessWithoutNullStreams, execFile, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { promisify } from "util";
import { kafkaClient } from "../../transforms/io/kafka/kafka_client";
import { freeLoopbackPort } from "../../runners/portable/free_loopback_port";
import { waitFor, withDeadline } from "./deadline";
import {
  type BrokerPorts,
  brokerClasspath,
  javaCommand,
  log4jProperties,
  serverProperties,
  STARTED_LINE,
} from "./kafka_broker_files";

/**
 * Small heap, one GC thread and C1 only: the machine's 2 cores are shared with the tests and the job,
 * and a test broker lives for minutes. Without C2, a format, start and two restarts cost 7.2–7.5 CPU
 * seconds instead of 11–12 (load average 20, 2026-12-08, node /tmp script timing the three).
 */
const JVM_OPTIONS = [
  "-Xms64m",
  "-Xmx512m",
  "-XX:+UseSerialGC",
  "-XX:TieredStopAtLevel=1",
  "-Djava.awt.headless=true",
];
/**
 * How long a (re)start may take before it is a failure: 3–4 s on a quiet machine, 6–9 s at load
 * average 20.
 */
const START_DEADLINE_MS = 60_000;
/** How long a graceful stop may take before the broker is killed (and the test told so). */
const STOP_DEADLINE_MS = 30_000;

/**
 * Starts java in the background, prints its pid and ends it (SIGKILL) when this wrapper's stdin
 * closes — so a test process that dies, however it dies, does not leave a broker running. When
 * java exits by itself the watchdog is stopped too, so it never signals a reused pid.
 */
const WATCHDOG = [
  'exec 3<&0; "$@" & java=$!; echo "pid $java"',
  '(read -r _ <&3; kill -9 "$java" 2>/dev/null) & watchdog=$!',
  'wait "$java"; status=$?; kill "$watchdog" 2>/dev/null; exit "$status"',
].join("\n");

type BrokerState = "running" | "paused" | "stopped";

/**
 * A real Apache Kafka 3.7.2 broker (KRaft, one node) in a child JVM on free loopback ports, with a
 * data folder that survives stop/start and kill/start, so restarts keep topics, records and
 * committed offsets. Faults are the process's: stop (graceful), kill (SIGKILL), pause (SIGSTOP).
 */
export class KafkaBroker {
  private process: { child: ChildProcessWithoutNullStreams; javaPid: number; exited: Promise<void> } | null =
    null;
  private paused = false;

  private constructor(
    private readonly folder: string,
    private readonly java: string,
    private readonly classpath: string,
    readonly ports: BrokerPorts,
  ) {}

  /** Formats a new single-node cluster in a temp folder and starts it. */
  static async start(): Promise<KafkaBroker> {
    const java = javaCommand();
    const classpath = brokerClasspath();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "beam-model-monitor-kafka-"));
    const ports = { broker: await freeLoopbackPort(), controller: await freeLoopbackPort() };
    fs.writeFileSync(
      path.join(folder, "server.properties"),
      serverProperties(ports, path.join(folder, "data")),
    );
    fs.writeFileSync(path.join(folder, "log4j.properties"), log4jProperties(path.join(folder, "broker.log")));
    const broker = new KafkaBroker(folder, java, classpath, ports);
    // A KRaft node's storage carries its cluster id: 16 random bytes, base64url (Kafka's Uuid form).
    const clusterId = randomBytes(16).toString("base64url");
    await promisify(execFile)(java, [
      ...broker.jvmArguments(),
      "kafka.tools.StorageTool",
      "format",
      // One argument: a base64url id may start with "-", which the storage tool would read as an option.
      `--cluster-id=${clusterId}`,
      "--config",
      path.join(folder, "server.properties"),
    ]);
    await broker.start();
    return broker;
  }

  /** `host:port` of the broker's listener, as a spec's `brokers` takes it. */
  get bootstrap(): string {
    return `127.0.0.1:${this.ports.broker}`;
  }

  /** The brokers as kafkajs takes them. */
  get brokers(): string[] {
    return [this.bootstrap];
  }

  /** The broker's own log (INFO), to read when a test fails. */
  get logFile(): string {
    return path.join(this.folder, "broker.log");
  }

  get state(): BrokerState {
    if (this.process === null) return "stopped";
    return this.paused ? "paused" : "running";
  }

  /** Starts the broker again on the same ports and data; resolves once it serves clients. */
  async start(): Promise<void> {
    if (this.process !== null) throw new Error(`the Kafka broker is already ${this.state}`);
    const child = spawn(
      "sh",
      [
        "-c",
        WATCHDOG,
        "kafka-broker",
        this.java,
        ...this.jvmArguments(),
        "kafka.Kafka",
        path.join(this.folder, "server.properties"),
      ],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const lines = readline.createInterface({ input: child.stdout });
    let javaPid = 0;
    const started = new Promise<void>((resolve, reject) => {
      lines.on("line", (line) => {
        const pid = /^pid (\d+)$/.exec(line);
        if (pid !== null) javaPid = Number(pid[1]);
        if (line.includes(STARTED_LINE)) resolve();
      });
      void exited.then(() =>
        reject(new Error(`the Kafka broker exited while starting: ${stderr.trim()}\n${this.logTail()}`)),
      );
    });
    this.process = { child, javaPid: 0, exited };
    try {
      await withDeadline(
        started,
        START_DEADLINE_MS,
        `the Kafka broker did not start within ${START_DEADLINE_MS} ms`,
      );
    } catch (error) {
      child.stdin.end();
      await exited;
      this.process = null;
      throw new Error(`${(error as Error).message}\n${this.logTail()}`);
    }
    this.process.javaPid = javaPid;
    await this.partitionsLed();
  }

  /**
   * Waits until the broker leads every partition of `topics` (all topics if not given): until it
   * answers ListOffsets for each, which only a partition's leader does. A restarted broker says it
   * started once it is unfenced and takes the lead of its partitions moments later; a new topic's
   * metadata names its leader before that broker has made itself the leader. Meanwhile a produce
   * request gets NOT_LEADER_OR_FOLLOWER for such a partition, and kafkajs retries the whole request:
   * the records of its other partitions are written twice.
   */
  private async partitionsLed(topics?: string[]): Promise<void> {
    const admin = kafkaClient(this.brokers, "test-broker-ready", { retry: { retries: 0 } }).admin();
    await admin.connect();
    let refusal = "";
    try {
      await waitFor(
        async () => {
          try {
            for (const topic of topics ?? (await admin.listTopics())) await admin.fetchTopicOffsets(topic);
            return true;
          } catch (error) {
            refusal = (error as Error).message;
            return false;
          }
        },
        START_DEADLINE_MS,
        `the Kafka broker did not lead every partition of ${topics?.join(", ") ?? "its topics"}`,
        100,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; last refusal: ${refusal}\n${this.logTail()}`);
    } finally {
      await admin.disconnect();
    }
  }

  /** Stops the broker as an operator would (SIGTERM, a controlled shutdown); data and ports are kept. */
  async stop(): Promise<void> {
    const running = this.runningProcess("stop");
    if (this.paused) this.resume();
    process.kill(running.javaPid, "SIGTERM");
    try {
      await withDeadline(
        running.exited,
        STOP_DEADLINE_MS,
        `the Kafka broker did not stop within ${STOP_DEADLINE_MS} ms`,
      );
    } catch (error) {
      await this.kill();
      throw error;
    }
    this.ended(running);
  }

  /** Kills the broker at once (SIGKILL): no shutdown, whatever was not flushed is the OS's. */
  async kill(): Promise<void> {
    const running = this.runningProcess("kill");
    process.kill(running.javaPid, "SIGKILL");
    await running.exited;
    this.paused = false;
    this.ended(running);
  }

  /** Freezes the broker (SIGSTOP): its sockets stay open and nothing answers, as a hung host. */
  pause(): void {
    process.kill(this.runningProcess("pause").javaPid, "SIGSTOP");
    this.paused = true;
  }

  /**
   * Freezes the broker for `ms`, a separate process sending SIGCONT when the time is up — so the
   * outage ends even while this process is blocked (the Kafka sink waits for acknowledgements
   * synchronously). Resolves once the broker runs again.
   */
  pauseFor(ms: number): Promise<void> {
    const { javaPid } = this.runningProcess("pause");
    this.pause();
    const resumer = spawn("sh", ["-c", `sleep ${ms / 1000}; kill -CONT ${javaPid}`], { stdio: "ignore" });
    return new Promise((resolve) =>
      resumer.once("exit", () => {
        this.paused = false;
        resolve();
      }),
    );
  }

  resume(): void {
    process.kill(this.runningProcess("resume").javaPid, "SIGCONT");
    this.paused = false;
  }

  /** Creates a topic and waits until the broker leads its partitions (kafkajs' own wait reads only metadata). */
  async createTopic(topic: string, partitions: number): Promise<void> {
    const admin = kafkaClient(this.brokers, "test-topics").admin();
    await admin.connect();
    try {
      const created = await admin.createTopics({
        topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
        waitForLeaders: false,
      });
      if (!created)
        throw new Error(`the topic ${topic} exists already on the shared broker: give it a unique name`);
    } finally {
      await admin.disconnect();
    }
    await this.partitionsLed([topic]);
  }

  /** Stops the broker (killing it if it hangs) and removes its data folder. */
  async destroy(): Promise<void> {
    if (this.process !== null) {
      if (this.paused) this.resume();
      await this.stop().catch(() => {});
    }
    fs.rmSync(this.folder, { recursive: true, force: true });
  }

  private jvmArguments(): string[] {
    return [
      ...JVM_OPTIONS,
      `-Dlog4j.configuration=file:${path.join(this.folder, "log4j.properties")}`,
      "-cp",
      this.classpath,
    ];
  }

  private runningProcess(action: string): NonNullable<KafkaBroker["process"]> {
    if (this.process === null) throw new Error(`cannot ${action} the Kafka broker: it is stopped`);
    return this.process;
  }

  private ended(running: NonNullable<KafkaBroker["process"]>): void {
    running.child.stdin.end();
    this.process = null;
  }

  private logTail(): string {
    const log = fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8") : "";
    return `last lines of ${this.logFile}:\n${log.split("\n").slice(-30).join("\n")}`;
  }
}

let shared: Promise<KafkaBroker> | null = null;

/**
 * The broker all tests of this mocha run share, started on first use (~5 s) and destroyed by the
 * root hook in kafka_broker_hooks.ts. Tests give their topics and groups unique names, and a test
 * that stops, kills or pauses it brings it back before it ends (the root hook checks).
 */
export function sharedKafkaBroker(): Promise<KafkaBroker> {
  shared ??= KafkaBroker.start();
  return shared;
}

/** The shared broker if a test started it, for the root hooks. */
export function startedSharedKafkaBroker(): Promise<KafkaBroker> | null {
  return shared;
}
