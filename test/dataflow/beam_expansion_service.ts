import { SubprocessService } from "apache-beam/utils/service";
import { withSdkLogsOnStderr } from "../../runners/portable/sdk_service_logs";
import { beamExpansionServiceClasspath } from "./installed_for_tests";

/**
 * Beam 2.49.0's own Java expansion service with KafkaIO on its classpath,
 * started on a free loopback port. Started from a classpath (not a jar), it
 * gives expanded transforms a DOCKER environment with Beam's Java SDK image
 * for this JVM's version and every classpath jar as an artifact to stage.
 */
export async function startBeamExpansionService(): Promise<{ address: string; stop(): Promise<void> }> {
  const service = new SubprocessService("java", [
    "-cp",
    beamExpansionServiceClasspath(),
    "org.apache.beam.sdk.expansion.service.ExpansionService",
    "{{PORT}}",
  ]);
  const address = await withSdkLogsOnStderr(() => service.start());
  return { address, stop: () => withSdkLogsOnStderr(() => service.stop()) };
}
