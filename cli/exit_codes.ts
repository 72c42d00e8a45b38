/** The `model-monitor` exit codes, the same for every command. */
export const EXIT_OK = 0;
/** A runtime failure: the job started and could not finish. */
export const EXIT_RUNTIME_FAILURE = 1;
/** Bad usage or a bad spec: nothing ran; fix the command line or the spec. */
export const EXIT_BAD_USAGE = 2;
