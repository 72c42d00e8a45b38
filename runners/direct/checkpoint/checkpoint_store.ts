import * as fs from "fs";
import * as path from "path";
import { CHECKPOINT_VERSION, type Checkpoint } from "./checkpoint";

/** The file a state directory keeps the latest checkpoint in. */
const CHECKPOINT_FILE = "checkpoint.json";

/** A checkpoint that belongs to another job, or that cannot be read: the run must not start over it. */
export class CheckpointMismatchError extends Error {
  /** Not worth retrying: the message says what to do. */
  readonly retriable = false;
}

/**
 * The latest checkpoint of one job, in one file of its state directory.
 * A write goes to a temporary file, is fsynced, renamed over the previous
 * checkpoint and the directory fsynced: a crash at any point leaves either
 * the old or the new checkpoint whole, never a mix (rename is atomic on
 * POSIX file systems).
 */
export class CheckpointStore {
  readonly file: string;

  constructor(
    readonly dir: string,
    readonly fingerprint: string,
  ) {
    this.file = path.join(dir, CHECKPOINT_FILE);
  }

  /** The latest checkpoint, undefined when there is none; throws when it is another job's or unreadable. */
  latest(): Checkpoint | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    let checkpoint: Checkpoint;
    try {
      checkpoint = JSON.parse(text, reviveNonFinite) as Checkpoint;
    } catch (error) {
      throw new CheckpointMismatchError(
        `the checkpoint ${this.file} cannot be read (${(error as Error).message}); ` +
          `move it away to start over from the source's committed offsets`,
      );
    }
    if (checkpoint.version !== CHECKPOINT_VERSION || checkpoint.fingerprint !== this.fingerprint) {
      throw new CheckpointMismatchError(
        `the state in ${this.dir} was written by a job with another spec (state ${checkpoint.fingerprint}, ` +
          `this spec ${this.fingerprint}, format ${checkpoint.version}): its windows would mean something else. ` +
          `Run this spec with another --state-dir, or delete ${this.file} to start over`,
      );
    }
    return checkpoint;
  }

  write(checkpoint: Checkpoint): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const descriptor = fs.openSync(temporary, "w");
    try {
      fs.writeFileSync(descriptor, JSON.stringify(checkpoint, replaceNonFinite));
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(temporary, this.file);
    syncDirectory(this.dir);
  }

  /** A finished job leaves no state: its next run starts afresh (from the committed offsets). */
  clear(): void {
    if (!fs.existsSync(this.file)) return;
    fs.rmSync(this.file);
    syncDirectory(this.dir);
  }
}

/** Makes a rename or unlink in `dir` durable. */
function syncDirectory(dir: string): void {
  const descriptor = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Watermarks are ±∞ at times; JSON has no such numbers. */
function replaceNonFinite(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? { nonFinite: String(value) } : value;
}

function reviveNonFinite(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && Object.keys(value).length === 1 && "nonFinite" in value)
    return Number((value as { nonFinite: string }).nonFinite);
  return value;
}
