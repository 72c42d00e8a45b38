import * as fs from "fs";

/** The parts of a V8 .cpuprofile (what `node --cpu-prof` writes) that self time needs. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  startTime: number;
  endTime: number;
  samples: number[];
  /** µs from the previous sample (the first from startTime) to this one; startTime and endTime are in µs too. */
  timeDeltas: number[];
}

/** Self time of one function, file or area, in ms and as a share of the profile. */
export interface SelfTime {
  name: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: SelfTime[];
  files: SelfTime[];
  areas: SelfTime[];
}

const PROJECT_DIST = /\/dist\/((?:[^/]+\/)*[^/]+)\.js$/;
const PACKAGE = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/;

/**
 * Where a profile's time went, by self time (time with the function itself on
 * top of the stack): the top functions, the top files, and areas — our
 * folders (runners/direct/operators, transforms/parse, …), the Beam SDK's
 * folders (apache-beam/worker, …), other packages, Node's internals, V8's
 * own entries ((garbage collector), (program)), and V8 builtins without a
 * script (JSON.parse, …). A sample's time is the interval up to the next
 * sample, or to the profile's end for the last (as Chrome DevTools counts it).
 */
export function summariseCpuProfile(file: string, top: number): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byArea = new Map<string, number>();
  const add = (table: Map<string, number>, key: string, ms: number) =>
    table.set(key, (table.get(key) ?? 0) + ms);
  let totalMs = 0;
  let sampledAt = profile.startTime;
  // A plain loop: ts-closure-transform boxes a `let` that a closure assigns, and the box would be returned.
  for (let i = 0; i < profile.samples.length; i++) {
    sampledAt += profile.timeDeltas[i];
    const until = i + 1 < profile.samples.length ? sampledAt + profile.timeDeltas[i + 1] : profile.endTime;
    const ms = (until - sampledAt) / 1000;
    const frame = frames.get(profile.samples[i])!;
    const where = sourceOf(frame.url);
    totalMs += ms;
    add(byFunction, `${frame.functionName || "(anonymous)"} — ${where.file || "(no script)"}`, ms);
    add(byFile, where.file || `(no script) ${frame.functionName}`, ms);
    add(byArea, where.area || (frame.functionName.startsWith("(") ? frame.functionName : "V8 builtins"), ms);
  }
  const ranked = (table: Map<string, number>) =>
    [...table]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, selfMs]) => ({ name, selfMs, share: selfMs / totalMs }));
  return { totalMs, functions: ranked(byFunction), files: ranked(byFile), areas: ranked(byArea) };
}

/** A script URL as a readable file (ours as its .ts source path) and the area it belongs to. */
function sourceOf(url: string): { file: string; area: string } {
  if (url === "") return { file: "", area: "" };
  const pkg = PACKAGE.exec(url);
  if (pkg !== null) {
    const inner = pkg[2].replace(/^dist\/src\/apache_beam\//, "");
    const folder = inner.includes("/") ? `/${inner.slice(0, inner.lastIndexOf("/"))}` : "";
    return { file: `${pkg[1]}/${inner}`, area: pkg[1] === "apache-beam" ? `apache-beam${folder}` : pkg[1] };
  }
  const ours = PROJECT_DIST.exec(url);
  if (ours !== null) {
    const source = `${ours[1]}.ts`;
    return { file: source, area: source.includes("/") ? source.slice(0, source.lastIndexOf("/")) : source };
  }
  if (url.startsWith("node:")) return { file: url, area: "node internals" };
  return { file: url, area: url };
}
