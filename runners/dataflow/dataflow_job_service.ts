import { SubprocessService } from "apache-beam/utils/service";
import { withSdkLogsOnStderr } from "../portable/sdk_service_logs";
import { DataflowSetupError } from "./dataflow_setup_error";

/** Beam's Job API in front of Python's DataflowRunner: the service the SDK's dataflowRunner submits through. */
export const DATAFLOW_JOB_SERVICE_MODULE = "apache_beam.runners.dataflow.dataflow_job_service";

/**
 * Starts Beam's Python Dataflow job service on a free local port with the
 * Python that `locateBeamPython` checked. The SDK's own dataflowRunner would
 * first build a virtualenv and pip-install apache_beam into it (network,
 * minutes); a checked Python needs neither. Its log goes to this process's
 * output: Dataflow's job id and console URL are printed there.
 */
export async function startDataflowJobService(
  python: string,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  // What the SDK's PythonService runs (its constructor is private).
  const service = new SubprocessService(
    python,
    ["-u", "-m", DATAFLOW_JOB_SERVICE_MODULE, "--port", "{{PORT}}"],
    DATAFLOW_JOB_SERVICE_MODULE,
  );
  try {
    return {
      endpoint: await withSdkLogsOnStderr(() => service.start()),
      stop: () => withSdkLogsOnStderr(() => service.stop()),
    };
  } catch (error) {
    throw new DataflowSetupError(
      `Beam's Dataflow job service (${python} -m ${DATAFLOW_JOB_SERVICE_MODULE}) did not start: ` +
        `${(error as Error).message}; its output above says why`,
    );
  }
}
