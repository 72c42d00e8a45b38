import * as grpc from "@grpc/grpc-js";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { JavaJarService } from "apache-beam/utils/service";
import { version as beamVersion } from "apache-beam/version";
import { JAR_CACHE_DIR } from "./job_server_jar";
import { JobServiceError } from "./job_service_error";
import { withSdkLogsOnStderr } from "./sdk_service_logs";

/** The port the Java IO expansion service listens on where we start it as a service (deploy/k8s, docs/flink.md). */
export const EXPANSION_SERVICE_PORT = 8097;

/** An expansion service that accepts no connection in this time is not there. */
const CONNECT_TIMEOUT_MS = 5_000;

/** Beam's Java IO expansion service (KafkaIO among others), in the SDK's version. */
export const EXPANSION_SERVICE_JAR_NAME = `beam-sdks-java-io-expansion-service-${beamVersion}.jar`;
export const EXPANSION_SERVICE_JAR_URL =
  `https://repo.maven.apache.org/maven2/org/apache/beam/beam-sdks-java-io-expansion-service/` +
  `${beamVersion}/${EXPANSION_SERVICE_JAR_NAME}`;

const isAddress = (option: string): boolean => /^[^\s:/]+:\d+$/.test(option);

const howToGetOne =
  `Download ${EXPANSION_SERVICE_JAR_URL} (e.g. to ${path.join(JAR_CACHE_DIR, EXPANSION_SERVICE_JAR_NAME)}) ` +
  `and pass its path with --expansion-service, or start it yourself (java -jar ${EXPANSION_SERVICE_JAR_NAME} <port>) ` +
  `and pass host:port (docs/flink.md, "Kafka on Flink")`;

/**
 * The expansion service `--expansion-service` names: a running one
 * (host:port), which must accept a connection within seconds, or a jar,
 * started here with the SDK's JavaJarService (`java -jar <jar> <port>`) and
 * stopped by `stop`. Never downloads anything: a missing jar, missing Java or
 * an unreachable address fails at once saying what to fetch or run.
 */
export async function startExpansionService(
  addressOrJar: string,
): Promise<{ address: string; stop(): Promise<void> }> {
  if (isAddress(addressOrJar)) {
    await requireReachable(addressOrJar);
    return { address: addressOrJar, stop: async () => {} };
  }
  if (!fs.existsSync(addressOrJar))
    throw new JobServiceError(`the expansion service jar ${addressOrJar} does not exist. ${howToGetOne}`);
  const java = spawnSync("java", ["-version"]);
  if (java.error !== undefined)
    throw new JobServiceError(
      `cannot start the expansion service jar ${addressOrJar}: no java on this machine's PATH ` +
        `(${java.error.message}); install Java 11, or start the expansion service elsewhere and pass its host:port`,
    );
  const service = new JavaJarService(addressOrJar, ["{{PORT}}"]);
  try {
    const address = await withSdkLogsOnStderr(() => service.start());
    return { address, stop: () => withSdkLogsOnStderr(() => service.stop()) };
  } catch (error) {
    throw new JobServiceError(
      `the expansion service jar ${addressOrJar} did not start (${(error as Error).message}); ` +
        `run java -jar ${addressOrJar} ${EXPANSION_SERVICE_PORT} to see why`,
    );
  }
}

function requireReachable(address: string): Promise<void> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise<void>((resolve, reject) =>
    client.waitForReady(Date.now() + CONNECT_TIMEOUT_MS, (error) => {
      client.close();
      if (error === undefined || error === null) resolve();
      else
        reject(
          new JobServiceError(
            `no expansion service answered at ${address} within ${CONNECT_TIMEOUT_MS / 1000} s ` +
              `(${error.message}). ${howToGetOne}`,
          ),
        );
    }),
  );
}
