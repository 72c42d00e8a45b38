import { createHash, timingSafeEqual } from "crypto";
import type * as http from "http";

/** Who may post events: a request must carry `Authorization: Bearer <one of the tokens>`. */
export interface LoggerAuth {
  bearerTokens: string[];
}

/** The logger's own certificate and key (PEM) and, for mutual TLS, the CA that signs client certificates. */
export interface LoggerTls {
  key: Buffer;
  cert: Buffer;
  clientCa?: Buffer;
}

/** SHA-256, so that tokens of any length compare in constant time. */
const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/** Whether the request carries one of the bearer tokens (always, when none is configured). */
export function authorized(request: http.IncomingMessage, auth: LoggerAuth | undefined): boolean {
  if (auth === undefined) return true;
  const match = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "");
  if (match === null) return false;
  const presented = digest(match[1]);
  return auth.bearerTokens.some((token) => timingSafeEqual(digest(token), presented));
}
