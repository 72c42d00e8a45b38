import * as path from "path";
import { SubprocessService } from "apache-beam/utils/service";
import { withSdkLogsOnStderr } from "../portable/sdk_service_logs";
import { DataflowSetupError } from "./dataflow_setup_error";

/**
 * Beam's Job API in front of Python's DataflowRunner (the service the SDK's
 * dataflowRunner submits through), with numeric options typed and classic
 * templates ending DONE: dataflow_job_service.py says why. A source file, so
 * from dist/runners/dataflow it is three levels up.
 */
export const DATAFLOW_JOB_SERVICE_SCRIPT = path.resolve(
  __dirname,
  "../../../runners/dataflow/dataflow_job_service.py",
);

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
    ["-u", DATAFLOW_JOB_SERVICE_SCRIPT, "--port", "{{PORT}}"],
    "Beam's Dataflow job service",
  );
  try {
    return {
      endpoint: await withSdkLogsOnStderr(() => service.start()),
      stop: () => withSdkLogsOnStderr(() => service.stop()),
    };
  } catch (error) {
    throw new DataflowSetupError(
      `Beam's Dataflow job service (${python} ${DATAFLOW_JOB_SERVICE_SCRIPT}) did not start: ` +
        `${(error as Error).message}; its output above says why`,
    );
  }
}
