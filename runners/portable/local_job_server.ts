import { type ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { freeLoopbackPort } from "./free_loopback_port";
import { JobServiceError } from "./job_service_error";

/** The job server jar's entry point (its manifest's Main-Class); named so that `-cp` can add jars beside it. */
const JOB_SERVER_MAIN_CLASS = "org.apache.beam.runners.flink.FlinkJobServerDriver";

/** What the job server logs once its Job API listens (Beam's JobServerDriver). */
const JOB_SERVICE_STARTED = /JobService started on (\S+)/;
const EXPANSION_SERVICE_STARTED = /Java ExpansionService started on (\S+)/;

/**
 * The JDK packages Flink 1.16 reflects into, opened to it (Java 11+; Java 17 refuses otherwise).
 * A streaming job fails without java.lang: Flink's ClosureCleaner, on adding the source of KafkaIO's
 * UnboundedSource read, makes String.value accessible (InaccessibleObjectException). The list is
 * the one Flink 1.18 ships for Java 17 (its env.java.opts.all), of which 1.16 needs a subset.
 */
const JAVA_OPENS = [
  "java.base/java.io",
  "java.base/java.lang",
  "java.base/java.lang.reflect",
  "java.base/java.net",
  "java.base/java.nio",
  "java.base/java.text",
  "java.base/java.time",
  "java.base/java.util",
  "java.base/java.util.concurrent",
  "java.base/java.util.concurrent.atomic",
  "java.base/java.util.concurrent.locks",
  "java.base/sun.nio.ch",
].map((pkg) => `--add-opens=${pkg}=ALL-UNNAMED`);

/** A job server that has not said it listens in this time is stuck; on 2 busy cores it takes 3-8 s. */
const START_TIMEOUT_MS = 90_000;
/** After SIGTERM, a job server still running after this long is killed. */
const STOP_GRACE_MS = 10_000;

export interface LocalJobServerOptions {
  /** The Beam Flink job server jar (runners/portable/job_server_jar.ts finds it). */
  jar: string;
  /** `[local]` runs a Flink mini cluster inside the job server's JVM; host:port submits to that Flink master. */
  flinkMaster: string;
  /**
   * Jars put on the job server's class path after its own. A Java transform
   * in an EMBEDDED environment (the Java SDK harness inside the job server's
   * JVM, e.g. our Kafka read module) is loaded from this class path.
   */
  classpath?: readonly string[];
  /** The JVM's maximum heap (`-Xmx`, in MiB); with `[local]` Flink's task managers share it. */
  heapMb?: number;
  /** Where the job server's log goes (appended); by default a new file under the system's temp folder. */
  logFile?: string;
}

export interface LocalJobServer {
  /** The Job API address, `127.0.0.1:<port>`. */
  endpoint: string;
  /** The job server's own Java expansion service (its default environment is DOCKER). */
  expansionEndpoint: string | undefined;
  /** The job server's log: the cause of a failed job is there. */
  logFile: string;
  /** Process id of the job server's JVM (for CPU accounting). */
  pid: number;
  /** Stops the job server (SIGTERM, then SIGKILL after a grace period) and waits until it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a Beam Flink job server from its jar on free loopback ports and
 * resolves once its Job API listens. The JVM runs `FlinkJobServerDriver`
 * with the jar and `classpath` on its class path (not `java -jar`, which
 * ignores any other class path). It dies with this process. Missing Java, a
 * server that exits before listening or does not listen within 90 s is a
 * JobServiceError quoting the end of its log.
 */
export async function startLocalJobServer(options: LocalJobServerOptions): Promise<LocalJobServer> {
  requireJava();
  const logFile = options.logFile ?? temporaryLogFile();
  const jobPort = await freeLoopbackPort();
  const args = [
    `-Xmx${options.heapMb ?? 1024}m`,
    ...JAVA_OPENS,
    "-cp",
    [options.jar, ...(options.classpath ?? [])].join(path.delimiter),
    JOB_SERVER_MAIN_CLASS,
    `--flink-master=${options.flinkMaster}`,
    "--job-host=127.0.0.1",
    `--job-port=${jobPort}`,
    "--artifact-port=0",
    "--expansion-port=0",
  ];
  const log = fs.openSync(logFile, "a");
  // Only what this server logs: an appended log file may hold an earlier server's "started" line.
  const logStart = fs.fstatSync(log).size;
  const java = spawn("java", args, { stdio: ["ignore", log, log] });
  fs.closeSync(log);
  const killOnExit = () => java.kill("SIGKILL");
  process.on("exit", killOnExit);
  try {
    const started = await waitForLogLine(java, logFile, logStart, JOB_SERVICE_STARTED);
    return {
      endpoint: `127.0.0.1:${jobPort}`,
      expansionEndpoint: EXPANSION_SERVICE_STARTED.exec(started)?.[1],
      logFile,
      pid: java.pid!,
      stop: async () => {
        await stopProcess(java);
        process.off("exit", killOnExit);
      },
    };
  } catch (error) {
    await stopProcess(java);
    process.off("exit", killOnExit);
    throw error;
  }
}

function requireJava(): void {
  const java = spawnSync("java", ["-version"]);
  if (java.error !== undefined)
    throw new JobServiceError(
      `cannot start the Beam Flink job server: no java on this machine's PATH (${java.error.message}); ` +
        "install Java 11 or 17, or start a job server elsewhere and pass --job-endpoint host:port",
    );
}

function temporaryLogFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "flink-job-server-")), "job-server.log");
}

const lastLines = (text: string, count: number) => text.trimEnd().split("\n").slice(-count).join("\n");

/**
 * Resolves to the log from byte `from` on once `line` appears in it; rejects
 * when the process exits first or time runs out.
 */
function waitForLogLine(java: ChildProcess, logFile: string, from: number, line: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    const poll = setInterval(() => {
      const text = fs.readFileSync(logFile).subarray(from).toString("utf8");
      const failure =
        java.exitCode !== null || java.signalCode !== null
          ? `exited (${java.exitCode ?? java.signalCode}) before its Job API listened`
          : Date.now() > deadline
            ? `did not say its Job API listens within ${START_TIMEOUT_MS / 1000} s`
            : undefined;
      if (line.test(text)) {
        clearInterval(poll);
        resolve(text);
      } else if (failure !== undefined) {
        clearInterval(poll);
        reject(
          new JobServiceError(
            `the Beam Flink job server ${failure}; its log (${logFile}) ends:\n${lastLines(text, 15)}`,
          ),
        );
      }
    }, 100);
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
