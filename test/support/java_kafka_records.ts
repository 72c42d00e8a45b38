import { spawnSync } from "child_process";
import * as path from "path";
import {
  type ExpansionService,
  type ExpansionTarget,
  startExpansionService,
} from "../../runners/portable/expansion_service";
import { kafkaRecordsClasspath } from "../../runners/portable/kafka_records_classpath";

/** java/kafka-records' compiled tests (build.sh compiles them with the module). */
const TEST_CLASSES = path.resolve(__dirname, "../../../java/kafka-records/target/test-classes");

/**
 * Our real expansion service (Beam's Java ExpansionService with
 * java/kafka-records on its classpath, built by Maven if needed), started
 * as `submit` starts it for `target`. Seconds to start: once per test file.
 */
export function startRealExpansionService(target: ExpansionTarget): Promise<ExpansionService> {
  return startExpansionService(kafkaRecordsClasspath(), target);
}

/**
 * Runs a Java main of java/kafka-records' tests (src/test/java) with the
 * module's classpath; fails with its output unless it exits 0.
 */
export function runJavaTestMain(mainClass: string, ...args: string[]): void {
  const classpath = [TEST_CLASSES, ...kafkaRecordsClasspath()].join(path.delimiter);
  const run = spawnSync("java", ["-cp", classpath, mainClass, ...args], { encoding: "utf8" });
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`java ${mainClass} exited ${run.status}: ${run.stderr}`);
}
