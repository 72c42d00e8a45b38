import type * as http from "http";
import type { BodyBudget } from "./body_budget";

/** A body read whole; `release` gives its bytes back to the budget once the event is in Kafka (or refused). */
export interface ReadBody {
  kind: "body";
  body: Buffer;
  release: () => void;
}

/** Why reading stopped early: the body is over the per-request limit, or the budget has no room for it. */
export type RefusedBody = { kind: "too-large" } | { kind: "over-budget" };

/**
 * Reads a request body chunk by chunk against two limits: `maxBytes` for
 * this body (a Content-Length above it is refused before reading a byte) and
 * the shared budget. Reading stops at the first chunk past either — the rest
 * is never read, the caller answers and closes the connection — and every
 * byte taken from the budget is given back. Rejects when the connection
 * closes or fails before the body ends (a timeout, a client gone).
 */
export function readBody(
  request: http.IncomingMessage,
  maxBytes: number,
  budget: BodyBudget,
): Promise<ReadBody | RefusedBody> {
  const declared = Number(request.headers["content-length"]);
  if (declared > maxBytes) return Promise.resolve({ kind: "too-large" });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let held = 0;
    let settled = false;
    const release = () => {
      budget.release(held);
      held = 0;
    };
    const stop = (outcome: RefusedBody | Error) => {
      settled = true;
      request.pause();
      request.removeListener("data", onData);
      chunks.length = 0;
      release();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      if (held + chunk.length > maxBytes) return stop({ kind: "too-large" });
      if (!budget.tryTake(chunk.length)) return stop({ kind: "over-budget" });
      held += chunk.length;
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.on("end", () => {
      if (settled) return;
      settled = true;
      // One chunk (most events) is the body itself; more are copied once into one buffer.
      resolve({ kind: "body", body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), release });
    });
    request.on("error", (error) => {
      if (!settled) stop(error);
    });
    request.on("close", () => {
      if (!settled) stop(new Error("the connection closed before the body ended"));
    });
  });
}
