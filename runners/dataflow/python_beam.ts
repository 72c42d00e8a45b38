import { spawnSync } from "child_process";
import { version as beamVersion } from "apache-beam/version";
import { DataflowSetupError } from "./dataflow_setup_error";

/** Importing apache_beam's Dataflow runner takes a few seconds; a Python that has not answered by then is stuck. */
const PYTHON_CHECK_TIMEOUT_MS = 20_000;

/**
 * Prints apache_beam's version, then "gcp" when the Dataflow runner's client
 * libraries import (the `apache-beam[gcp]` extra), else "no-gcp: <error>".
 */
const CHECK_SCRIPT = [
  "import sys",
  "try:\n  import apache_beam\nexcept ImportError:\n  print('no-apache-beam'); sys.exit(0)",
  "print(apache_beam.__version__)",
  "try:\n  from apache_beam.runners.dataflow.internal import apiclient\n  print('gcp')\n" +
    "except ImportError as error:\n  print('no-gcp: %s' % error)",
].join("\n");

const installHint = (python: string): string =>
  `install it with \`${python} -m pip install 'apache-beam[gcp]==${beamVersion}'\` ` +
  `(a virtualenv is fine: pass its python with --python <path>)`;

/**
 * The Python that can run Beam's Dataflow job service: `python` if given,
 * else the first of python3 and python on PATH (the SDK's own order). It must
 * have apache_beam at the TypeScript SDK's version (the job service
 * translates our pipeline proto) with the GCP extra. Anything missing is a
 * DataflowSetupError saying what to install, found within seconds.
 */
export function locateBeamPython(python?: string): string {
  const candidates = python === undefined ? ["python3", "python"] : [python];
  for (const candidate of candidates) {
    const check = spawnSync(candidate, ["-c", CHECK_SCRIPT], {
      encoding: "utf8",
      timeout: PYTHON_CHECK_TIMEOUT_MS,
    });
    if ((check.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") continue;
    if (check.error !== undefined || check.status !== 0)
      throw new DataflowSetupError(
        `${candidate} -c "import apache_beam" failed (${check.error?.message ?? `exit ${check.status}`}): ` +
          `${check.stderr.trim()}. Fix that Python or pass another with --python <path>`,
      );
    const lines = check.stdout.trim().split("\n");
    if (lines[0] === "no-apache-beam")
      throw new DataflowSetupError(
        `${candidate} has no apache_beam; --runner dataflow submits through Beam's Python Dataflow job ` +
          `service: ${installHint(candidate)}`,
      );
    if (lines[0] !== beamVersion)
      throw new DataflowSetupError(
        `${candidate} has apache_beam ${lines[0]}, but this TypeScript SDK is Beam ${beamVersion} and the ` +
          `job service must match it: ${installHint(candidate)}`,
      );
    if (lines[1] !== "gcp")
      throw new DataflowSetupError(
        `${candidate}'s apache_beam lacks the GCP extra (${lines[1]}): ${installHint(candidate)}`,
      );
    return candidate;
  }
  throw new DataflowSetupError(
    python === undefined
      ? `no Python on PATH (looked for python3 and python); --runner dataflow submits through Beam's ` +
          `Python Dataflow job service: install Python 3 and apache-beam[gcp]==${beamVersion}, or pass --python <path>`
      : `the Python given with --python, ${python}, does not exist`,
  );
}
