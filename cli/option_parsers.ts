import { InvalidArgumentError } from "commander";
import { parseDurationMs } from "../pipelines/spec/duration";

/** Parsers for numeric command-line options: each names what it expected and what it got. */

export function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new InvalidArgumentError(`expected a positive integer, got "${text}"`);
  return value;
}

export function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError(`expected a positive number, got "${text}"`);
  return value;
}

/** A TCP port, 0 meaning any free port. */
export function tcpPort(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new InvalidArgumentError(`expected a TCP port (0-65535), got "${text}"`);
  return value;
}

/** A network address as host:port. */
export function hostPort(text: string): string {
  if (!/^[^\s:]+:\d+$/.test(text)) throw new InvalidArgumentError(`expected host:port, got "${text}"`);
  return text;
}

/** A positive duration as the spec writes it ("30s", "500ms", "2m"), in ms. */
export function positiveDurationMs(text: string): number {
  const durationMs = parseDurationMs(text);
  if (durationMs === undefined || durationMs <= 0)
    throw new InvalidArgumentError(`expected a positive duration like "30s" or "500ms", got "${text}"`);
  return durationMs;
}
