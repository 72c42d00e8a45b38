import { execFileSync } from "child_process";
import * as fs from "fs";

/** Clock ticks per second of /proc's CPU times (getconf CLK_TCK); read once. */
let ticksPerSecond: number | undefined;

/**
 * CPU seconds (user + system) so far of this process's child whose command name starts with `name`
 * (the first 15 characters, as /proc/<pid>/stat keeps them), read from /proc: on Linux, for a process
 * the benchmark does not start itself (the mock cluster's helper). Undefined without /proc or child.
 */
export function childCpuSeconds(name: string): number | undefined {
  if (!fs.existsSync("/proc/self/stat")) return undefined;
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid … utime stime: comm may hold spaces, so fields count from its closing ")".
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[1]) !== process.pid || !name.startsWith(comm)) continue;
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  }
  return undefined;
}
