import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";

const HELPER_SOURCE = path.resolve(__dirname, "../../../test/support/kafka_mock_cluster.c");

/** Kafka protocol API keys used in fault injection (Kafka protocol guide). */
export const KAFKA_API = { produce: 0, fetch: 1, offsetCommit: 8 } as const;

/** Kafka error codes used in fault injection (Kafka protocol guide). */
export const KAFKA_ERROR = {
  notLeaderForPartition: 6,
  requestTimedOut: 7,
  topicAuthorizationFailed: 29,
} as const;

/**
 * Compiles the mock-cluster helper once per version of its source (gcc and
 * librdkafka-dev, installed by .ci/run) into the temp folder, and returns the binary.
 */
function helperBinary(): string {
  const source = fs.readFileSync(HELPER_SOURCE);
  const digest = createHash("sha256").update(source).digest("hex").slice(0, 16);
  const binary = path.join(os.tmpdir(), `beam-model-monitor-kafka-mock-${digest}`);
  if (!fs.existsSync(binary)) {
    const building = `${binary}.${process.pid}`;
    try {
      execFileSync("gcc", ["-O1", "-o", building, HELPER_SOURCE, "-lrdkafka", "-pthread"], { stdio: "pipe" });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
      throw new Error(
        `cannot build the Kafka mock-cluster helper ${HELPER_SOURCE} (needs gcc and librdkafka-dev, ` +
          `see .ci/run): ${stderr}`,
      );
    }
    fs.renameSync(building, binary);
  }
  return binary;
}

/**
 * librdkafka's mock cluster: a real Kafka-protocol broker on loopback TCP,
 * started in a child process that also takes fault-injection commands. Topics
 * must be created through `createTopic` (the mock lacks CreateTopics) or
 * come from auto-creation on first produce.
 */
export class KafkaMockCluster {
  private commands: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly replies: AsyncIterator<string>,
    /** Comma-separated `host:port` list of the brokers. */
    readonly bootstrapServers: string,
  ) {}

  /** The brokers as kafkajs takes them. */
  get brokers(): string[] {
    return this.bootstrapServers.split(",");
  }

  static async start(brokerCount = 3): Promise<KafkaMockCluster> {
    const child = spawn(helperBinary(), [String(brokerCount)], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const replies = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await replies.next();
    const match = typeof first.value === "string" ? /^bootstrap (\S+)$/.exec(first.value) : null;
    if (first.done || match === null) {
      child.kill();
      throw new Error(`the Kafka mock cluster did not start: ${first.value ?? ""} ${stderr}`.trim());
    }
    return new KafkaMockCluster(child, replies, match[1]);
  }

  createTopic(topic: string, partitions: number): Promise<void> {
    return this.command(`topic ${topic} ${partitions}`);
  }

  setBrokerDown(brokerId: number): Promise<void> {
    return this.command(`broker_down ${brokerId}`);
  }

  setBrokerUp(brokerId: number): Promise<void> {
    return this.command(`broker_up ${brokerId}`);
  }

  /**
   * Takes a broker off the network for `durationMs`; the helper brings it back by itself, so the
   * outage ends even while this process is blocked (a sink waits for Kafka synchronously).
   */
  setBrokerDownFor(brokerId: number, durationMs: number): Promise<void> {
    return this.command(`broker_down ${brokerId} ${Math.round(durationMs)}`);
  }

  /** Makes broker `brokerId` (1 … broker count) the leader of a topic's partition. */
  setPartitionLeader(topic: string, partition: number, brokerId: number): Promise<void> {
    return this.command(`leader ${topic} ${partition} ${brokerId}`);
  }

  /** The next `errorCodes.length` requests of API `apiKey` (any broker) fail with these codes, in order. */
  pushRequestErrors(apiKey: number, errorCodes: number[]): Promise<void> {
    return this.command(`request_errors ${apiKey} ${errorCodes.join(" ")}`);
  }

  /** Destroys the cluster (closing its helper's input ends it) and waits for the helper to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.stdin.end();
    await exited;
  }

  private command(line: string): Promise<void> {
    // One command at a time: replies come back in order on one stream.
    const reply = this.commands.then(async () => {
      this.child.stdin.write(`${line}\n`);
      const answer = await this.replies.next();
      if (answer.done) throw new Error(`the Kafka mock cluster exited during "${line}"`);
      if (answer.value !== "ok") throw new Error(`mock cluster command "${line}" failed: ${answer.value}`);
    });
    this.commands = reply.catch(() => {});
    return reply;
  }
}
