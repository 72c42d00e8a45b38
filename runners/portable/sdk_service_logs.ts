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
