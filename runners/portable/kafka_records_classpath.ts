import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { JobServiceError } from "./job_service_error";

/** Our Java Kafka read's Maven module, in this package (from dist/runners/portable: three levels up). */
const KAFKA_RECORDS_MODULE = path.resolve(__dirname, "../../../java/kafka-records");

/**
 * The Java classpath of our Kafka read (java/kafka-records: its jar first,
 * then its dependencies in the local Maven repository), built with Maven by
 * the module's build.sh when missing or older than its sources (seconds once
 * the artifacts are downloaded). What our expansion service runs on, and
 * what a Flink job server needs on its classpath for the read's EMBEDDED
 * Java environment. Fails saying what to install when Java or Maven is
 * missing, and where Maven's output is when the build fails.
 */
export function kafkaRecordsClasspath(): string[] {
  const build = spawnSync("bash", [path.join(KAFKA_RECORDS_MODULE, "build.sh")], { encoding: "utf8" });
  if (build.error !== undefined)
    throw new JobServiceError(`cannot build java/kafka-records (bash: ${build.error.message})`);
  if (build.status !== 0)
    throw new JobServiceError(
      `a kafka source on Flink or Dataflow is read by our Java Kafka read, which could not be built: ` +
        `${build.stderr.trim()}. Build it with ${path.join(KAFKA_RECORDS_MODULE, "build.sh")} (Java 11+, Maven 3)`,
    );
  const classpath = fs.readFileSync(
    path.join(KAFKA_RECORDS_MODULE, "target", "runtime-classpath.txt"),
    "utf8",
  );
  return classpath.trim().split(path.delimiter);
}
