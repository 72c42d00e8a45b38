import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { version as beamVersion } from "apache-beam/version";
import { JobServiceError } from "./job_service_error";

/** Where the SDK's JavaJarService caches downloaded jars; a jar put here is found without --job-server-jar. */
export const JAR_CACHE_DIR = path.join(os.homedir(), ".apache_beam", "cache", "jars");

/** The Flink version whose job server jar is looked for unless one is named (`--flink-version`). */
export const DEFAULT_FLINK_VERSION = "1.16";

export function jobServerJarName(flinkVersion: string): string {
  return `beam-runners-flink-${flinkVersion}-job-server-${beamVersion}.jar`;
}

export function jobServerJarUrl(flinkVersion: string): string {
  const artifact = `beam-runners-flink-${flinkVersion}-job-server`;
  return `https://repo.maven.apache.org/maven2/org/apache/beam/${artifact}/${beamVersion}/${jobServerJarName(flinkVersion)}`;
}

/**
 * The Flink job server jar to start for `--flink-master`: the one given, else
 * the SDK's cached copy. We never download it (the SDK's download crashes the
 * process when offline); a missing jar is an error saying what to fetch and where.
 */
export function locateJobServerJar(flinkVersion: string, givenJar: string | undefined): string {
  const jar = givenJar ?? path.join(JAR_CACHE_DIR, jobServerJarName(flinkVersion));
  if (fs.existsSync(jar)) return jar;
  throw new JobServiceError(
    `the Beam Flink job server jar ${jar} does not exist. Download ${jobServerJarUrl(flinkVersion)} ` +
      `(Beam ${beamVersion}, Flink ${flinkVersion}; pick the Flink version of your cluster with --flink-version) ` +
      `and either put it at ${path.join(JAR_CACHE_DIR, jobServerJarName(flinkVersion))} or pass --job-server-jar <path>. ` +
      `Or start the job server container and use --job-endpoint instead (docs/flink.md).`,
  );
}
