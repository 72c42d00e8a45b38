import { createHash } from "crypto";
import * as fs from "fs";
import type { MonitorSpec } from "../pipelines/spec/schema";

/**
 * What a checkpoint's state means, as a hash: the spec without what does not
 * shape the state — where results go (sinks), how long a run lasts and how it
 * connects (a Kafka source's bounds, session timeout, TLS, SASL) — plus the
 * baseline file's bytes (histogram bins and drift inputs come from it). Two
 * specs with the same fingerprint build the same windows from the same input.
 */
export function specFingerprint(spec: MonitorSpec): string {
  const { sinks: _sinks, source, ...meaning } = spec;
  const sourceMeaning =
    source.kind === "kafka"
      ? { kind: source.kind, brokers: source.brokers, topic: source.topic, groupId: source.groupId }
      : source;
  const hash = createHash("sha256").update(canonicalJson({ ...meaning, source: sourceMeaning }));
  if (spec.baseline !== undefined) hash.update(fs.readFileSync(spec.baseline));
  return hash.digest("hex").slice(0, 16);
}

/** JSON with object keys sorted, so that key order in the spec file does not change the hash. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
