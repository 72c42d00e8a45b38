import { randomBytes } from "crypto";

let names = 0;

/**
 * A topic or group name no other test uses on the shared broker (and no earlier run of the
 * suite, were its data kept): `prefix-<pid>-<counter>-<random>`.
 */
export function uniqueName(prefix: string): string {
  names += 1;
  return `${prefix}-${process.pid}-${names}-${randomBytes(3).toString("hex")}`;
}
