/**
 * Runs `action` with console.debug and console.info going to stderr. The
 * SDK's subprocess services (JavaJarService) log their command line, waits
 * and teardown with them, i.e. on stdout, where `submit` prints only the job
 * id for scripts to read.
 */
export async function withSdkLogsOnStderr<T>(action: () => Promise<T>): Promise<T> {
  const { debug, info } = console;
  console.debug = console.error;
  console.info = console.error;
  try {
    return await action();
  } finally {
    console.debug = debug;
    console.info = info;
  }
}

/** gRPC's CANCELLED: the runner hung up a worker's data stream, as it does when it is done with the worker. */
const GRPC_CANCELLED = 1;

/** What the SDK's worker logs as errors when a runner ends its streams normally. */
function isNormalHangUp(args: unknown[]): boolean {
  // Indexed, not destructured: ts-closure-transform loses array-destructured bindings.
  const cause = args[1] as { code?: unknown } | undefined;
  return (
    args[0] === "Control channel closed." ||
    (args[0] === "Data channel error" && cause?.code === GRPC_CANCELLED)
  );
}

/**
 * Runs `action` with the SDK worker's chatter dropped. The worker (LOOPBACK,
 * in this process) logs every instruction it gets from the runner with
 * console.log and console.debug — a line or an object per bundle — and, when
 * the runner is done with it, the closing of its control channel and a stack
 * trace for its data channel's CANCELLED hang-up as errors. Real errors stay
 * on console.error; our sinks write with process.stdout.write, which stays too.
 */
export async function withSdkWorkerChatterDropped<T>(action: () => Promise<T>): Promise<T> {
  const original = {
    log: console.log,
    debug: console.debug,
    info: console.info,
    warn: console.warn,
    error: console.error,
  };
  const drop = () => undefined;
  console.log = drop;
  console.debug = drop;
  console.info = drop;
  console.warn = (...args: unknown[]) => (isNormalHangUp(args) ? undefined : original.warn(...args));
  console.error = (...args: unknown[]) => (isNormalHangUp(args) ? undefined : original.error(...args));
  try {
    return await action();
  } finally {
    Object.assign(console, original);
  }
}
