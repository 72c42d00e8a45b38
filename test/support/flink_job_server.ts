import * as fs from "fs";
import * as path from "path";
import type { Context } from "mocha";
import {
  DEFAULT_FLINK_VERSION,
  JAR_CACHE_DIR,
  jobServerJarName,
} from "../../runners/portable/job_server_jar";
import { type LocalJobServer, startLocalJobServer } from "../../runners/portable/local_job_server";

/**
 * The environment variable that names the Beam Flink job server jar the
 * Flink tests use. Without it they use the SDK's jar cache
 * (`~/.apache_beam/cache/jars/beam-runners-flink-1.16-job-server-2.49.0.jar`).
 * The registry this project builds from does not serve that jar, so on a
 * fresh machine neither exists and the Flink tests are pending.
 */
export const JOB_SERVER_JAR_ENV = "BEAM_FLINK_JOB_SERVER_JAR";

/** Flink runs in the job server's JVM ([local]); the tests' jobs are small. */
const TEST_HEAP_MB = 768;

/** The jar the Flink tests run, or why there is none (one line). */
export function testJobServerJar(): { jar: string } | { missing: string } {
  const given = process.env[JOB_SERVER_JAR_ENV];
  if (given !== undefined && given !== "")
    return fs.existsSync(given)
      ? { jar: given }
      : { missing: `${JOB_SERVER_JAR_ENV}=${given} does not exist` };
  const cached = path.join(JAR_CACHE_DIR, jobServerJarName(DEFAULT_FLINK_VERSION));
  return fs.existsSync(cached)
    ? { jar: cached }
    : {
        missing: `no Beam Flink job server jar (${JOB_SERVER_JAR_ENV} unset, ${cached} absent; docs/flink.md)`,
      };
}

interface Running {
  server: Promise<LocalJobServer>;
  classpath: readonly string[];
}
/** The job server of this mocha run: started by the first test that needs it, stopped after the run. */
const shared: { running?: Running } = {};
/** Suites already told why they are pending: one line each. */
const toldPending = new Set<string>();

/**
 * The job server shared by this mocha run's Flink tests (`--flink-master=[local]`,
 * free loopback ports), started on first use. `classpath`: jars a test's
 * Java transforms need on the job server's class path (an EMBEDDED Java
 * environment); a running server without them is replaced by one with the
 * union. Without a jar, marks the calling test or hook pending
 * (`this.skip()`), printing one line that says what is missing.
 */
export async function flinkJobServer(
  context: Context,
  classpath: readonly string[] = [],
): Promise<LocalJobServer> {
  const found = testJobServerJar();
  if ("missing" in found) {
    const suite = context.test?.parent?.fullTitle() ?? "";
    if (!toldPending.has(suite)) console.log(`      pending, no Flink: ${found.missing}`);
    toldPending.add(suite);
    context.skip();
  }
  const { jar } = found as { jar: string };
  const running = shared.running;
  if (running !== undefined && classpath.every((entry) => running.classpath.includes(entry)))
    return running.server;
  if (running !== undefined) await stopShared();
  const union = [...new Set([...(running?.classpath ?? []), ...classpath])];
  const server = startLocalJobServer({ jar, flinkMaster: "[local]", classpath: union, heapMb: TEST_HEAP_MB });
  shared.running = { server, classpath: union };
  return server;
}

async function stopShared(): Promise<void> {
  const running = shared.running;
  shared.running = undefined;
  if (running !== undefined) await (await running.server.catch(() => undefined))?.stop();
}

/** Mocha root hooks (.mocharc.json `require`): the shared job server stops when the run ends. */
export const mochaHooks = { afterAll: stopShared };
