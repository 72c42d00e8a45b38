/**
 * A failure talking to a Beam job server, or of the job it runs. The message
 * says which endpoint and step, and what to do. Not retriable: the command
 * does not retry (a user re-runs it once the server is up or the job fixed).
 */
export class JobServiceError extends Error {
  readonly retriable = false;

  constructor(message: string) {
    super(message);
    this.name = "JobServiceError";
  }
}

/** The gRPC status text of an error from @protobuf-ts/grpc-transport or grpc-js, else its message. */
export function grpcReason(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: string };
  return code === undefined ? String(message ?? error) : `${String(code)}: ${message ?? ""}`;
}

/** "UNAVAILABLE" (nothing listening) and "DEADLINE_EXCEEDED" (no answer in time) mean the server was not reached. */
export function isUnreachable(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code);
  return code === "UNAVAILABLE" || code === "DEADLINE_EXCEEDED" || code === "14" || code === "4";
}
