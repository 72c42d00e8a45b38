import * as net from "net";

/** Below Linux's default ephemeral range (32768–60999), where servers binding port 0 get their ports. */
const FIRST_PORT = 10_000;
const LAST_PORT = 32_767;
const ATTEMPTS = 100;

/**
 * A TCP port nothing listens on at 127.0.0.1 right now, for a server the caller starts next. Chosen
 * at random below the ephemeral range, not as the OS's pick for port 0: a JVM takes a second or more to
 * bind it, and meanwhile another server asking for port 0 (Flink's own, an artifact service) could get
 * the same ephemeral port — then a client reached the wrong server ("Method not found").
 */
export async function freeLoopbackPort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = FIRST_PORT + Math.floor(Math.random() * (LAST_PORT - FIRST_PORT + 1));
    if (await isFree(port)) return port;
  }
  throw new Error(`no free loopback port in ${FIRST_PORT}–${LAST_PORT} after ${ATTEMPTS} tries`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
