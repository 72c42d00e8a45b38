import * as grpc from "@grpc/grpc-js";
import { spawn } from "child_process";
import * as path from "path";
import { freeLoopbackPort } from "./free_loopback_port";
import { KAFKA_READ_RECORDS_URN } from "../../transforms/io/kafka_xlang/read_kafka_records";
import { JobServiceError } from "./job_service_error";
import { kafkaRecordsClasspath } from "./kafka_records_classpath";

/** The port our expansion service listens on where it is run as a service (deploy/k8s, docs/flink.md). */
export const EXPANSION_SERVICE_PORT = 8097;

/** Beam's Java expansion service, which loads our read's registrar from the classpath. */
export const EXPANSION_SERVICE_MAIN = "org.apache.beam.sdk.expansion.service.ExpansionService";

/**
 * The expansion service option that keeps KafkaIO's UnboundedSource read, which
 * Flink runs in its own source operator, committing offsets when it completes a
 * checkpoint (KafkaReadRecords.java, docs/flink.md "How offsets are committed").
 */
export const DEPRECATED_READ_OPTION = "--experiments=use_deprecated_read";

/** A running expansion service that accepts no connection in this time is not there. */
const CONNECT_TIMEOUT_MS = 5_000;
/** A JVM loading Beam's expansion service takes seconds; on a busy machine more. */
const START_TIMEOUT_MS = 90_000;

/**
 * The runner the Kafka read is expanded for. "flink": the read's Java steps
 * run EMBEDDED in the Flink job server's JVM (a local job server given our
 * classpath), KafkaIO's UnboundedSource read. "dataflow": Beam's Java SDK
 * container (DOCKER), which fetches the staged jars, and KafkaIO's
 * splittable-DoFn read, the only kind Dataflow's Runner v2 runs. A Flink
 * cluster runs our expansion service itself (PROCESS or DOCKER environment,
 * docs/flink.md) and passes its host:port.
 */
export type ExpansionTarget = "flink" | "dataflow";

export interface ExpansionService {
  address: string;
  stop(): Promise<void>;
}

/**
 * The expansion service for a Kafka read: the running one `--expansion-service`
 * names (host:port), which must accept a connection within seconds, else ours,
 * started here from java/kafka-records' classpath for `target` and stopped by `stop`.
 */
export async function kafkaExpansionService(
  given: string | undefined,
  target: ExpansionTarget,
): Promise<ExpansionService> {
  if (given === undefined) return startExpansionService(kafkaRecordsClasspath(), target);
  await requireReachable(given, CONNECT_TIMEOUT_MS);
  return { address: given, stop: async () => {} };
}

/**
 * `java -cp <classpath> ExpansionService <port> <options>` on a free loopback
 * port, the options as `target` needs (ExpansionTarget); for Flink only our
 * read's jar is staged (the job server has the classpath already), and what
 * is staged is fetched by the SDK through our race-free download (artifact_download.ts).
 * Its output is kept and shown if it does not start.
 */
export async function startExpansionService(
  classpath: readonly string[],
  target: ExpansionTarget,
): Promise<ExpansionService> {
  const port = await freeLoopbackPort();
  const ownJar = classpath[0];
  const args = [
    "-cp",
    classpath.join(path.delimiter),
    EXPANSION_SERVICE_MAIN,
    String(port),
    ...(target === "flink"
      ? [DEPRECATED_READ_OPTION, "--defaultEnvironmentType=EMBEDDED", `--filesToStage=${ownJar}`]
      : ["--defaultEnvironmentType=DOCKER"]),
  ];
  const java = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  java.stdout.on("data", keep);
  java.stderr.on("data", keep);
  const exited = new Promise<never>((_, reject) => {
    java.on("error", (error) =>
      reject(
        new JobServiceError(
          `cannot start java for the expansion service: ${error.message}; install Java 11+`,
        ),
      ),
    );
    java.on("exit", (code, signal) =>
      reject(
        new JobServiceError(`the expansion service exited (${code ?? signal}) before serving:\n${output}`),
      ),
    );
  });
  const address = `localhost:${port}`;
  try {
    await Promise.race([requireReachable(address, START_TIMEOUT_MS), exited]);
  } catch (error) {
    java.kill();
    throw error;
  }
  exited.catch(() => undefined); // its exit after `stop` is expected
  return {
    address,
    stop: () =>
      new Promise<void>((resolve) => {
        if (java.exitCode !== null || java.signalCode !== null) return resolve();
        java.once("exit", () => resolve());
        java.kill();
      }),
  };
}

function requireReachable(address: string, timeoutMs: number): Promise<void> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise<void>((resolve, reject) =>
    client.waitForReady(Date.now() + timeoutMs, (error) => {
      client.close();
      if (error === undefined || error === null) resolve();
      else
        reject(
          new JobServiceError(
            `no expansion service answered at ${address} within ${timeoutMs / 1000} s (${error.message}); ` +
              `it must serve ${KAFKA_READ_RECORDS_URN}: start ours with ` +
              `java -cp "$(cat java/kafka-records/target/runtime-classpath.txt)" ${EXPANSION_SERVICE_MAIN} ` +
              `${EXPANSION_SERVICE_PORT} (docs/flink.md, "Kafka on Flink")`,
          ),
        );
    }),
  );
}
