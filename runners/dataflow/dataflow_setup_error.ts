/**
 * The submitting machine cannot reach Dataflow: Python's Beam, its GCP
 * extras or GCP credentials are missing, or the job service did not start.
 * The message says what is missing and what to install or set. Not
 * retriable: nothing changes until the user fixes the machine.
 */
export class DataflowSetupError extends Error {
  readonly retriable = false;

  constructor(message: string) {
    super(message);
    this.name = "DataflowSetupError";
  }
}
