import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "../../..");
const CACHE = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"),
  "beam-model-monitor",
);

const hashOf = (file: string): string =>
  createHash("sha256")
    .update(fs.readFileSync(path.join(REPO, file)))
    .digest("hex")
    .slice(0, 16);

const notInstalled = (what: string, script: string): Error =>
  new Error(`${what} is not installed: run ${script} (npm test runs it through scripts/setup-tests.sh)`);

/** The Python of the venv scripts/setup.d/40-python-beam.sh builds: apache-beam[gcp] 2.49.0, every package pinned. */
export function beamPython(): string {
  const requirements = "runners/dataflow/python-requirements.txt";
  const venv = path.join(CACHE, `venv-beam-2.49.0-${hashOf(requirements)}`);
  if (!fs.existsSync(path.join(venv, "installed-from-python-requirements.txt")))
    throw notInstalled(`Beam 2.49.0's Python SDK (${venv})`, "scripts/setup.d/40-python-beam.sh");
  return path.join(venv, "bin", "python");
}
