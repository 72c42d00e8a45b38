import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Puts each file where the TypeScript SDK's artifact resolution
 * (apache-beam/runners/artifacts, resolveArtifacts) looks before fetching an
 * artifact from the expansion service: `~/.apache_beam/cache/artifacts/<sha256>`.
 * The expansion of our read then fetches nothing. The SDK 2.49's own fetch
 * renames the file it writes before its write stream has opened it, so with an
 * empty cache it fails at random with ENOENT (seen with a fresh HOME).
 */
export function primeArtifactCache(files: readonly string[]): void {
  const cache = path.join(os.homedir(), ".apache_beam", "cache", "artifacts");
  fs.mkdirSync(cache, { recursive: true });
  for (const file of files) {
    const cached = path.join(cache, createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
    if (!fs.existsSync(cached)) fs.copyFileSync(file, cached);
  }
}
