import * as fs from "fs";

/** The parts of a V8 .cpuprofile (what `node --cpu-prof` writes) that the summary needs. */
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  /** µs from the previous sample (the first from startTime) to this one; startTime and endTime are in µs too. */
  timeDeltas: number[];
}

/** scriptId "0": V8's own entries and builtins; url "" with another scriptId: code compiled from a string. */
interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
}

/** The time of one function, file or area, in ms and as a share of the profile. */
export interface ProfileShare {
  name: string;
  ms: number;
  share: number;
}

/** The top entries of each table, largest first. */
export interface ProfileSummary {
  totalMs: number;
  /** Self time: the samples with this on top of the stack. */
  selfByArea: ProfileShare[];
  selfByFile: ProfileShare[];
  selfByFunction: ProfileShare[];
  /** Total time: the samples with this function anywhere on the stack (counted once per sample). */
  totalByFunction: ProfileShare[];
}

const PROJECT_DIST = /\/dist\/((?:[^/]+\/)*[^/]+)\.js$/;
const SERIALIZED_DOFN_CODE = "serialized DoFn code (no file)";
const PACKAGE = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/;

/**
 * Where a profile's time went: self time by area, file and function, and
 * total time by function. Areas are our folders (runners/direct/operators,
 * transforms/parse, …), the Beam SDK's folders (apache-beam/worker, …), other
 * packages, Node's internals, V8's own entries ((garbage collector),
 * (program)), V8 builtins (JSON.parse, …), and DoFn code without a file: Beam
 * serializes DoFns with their closures and serialize-closures rebuilds them on
 * the worker by evaluating their source, so the parsing and per-record code
 * called from DoFns runs as script-less functions, recognisable by name
 * (openCloudEvent, parseJsonText, …). A sample's time is the interval up to
 * the next sample, or to the profile's end for the last (as Chrome DevTools
 * counts it).
 */
export function summariseCpuProfile(file: string, top: number): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const tables = {
    selfByArea: new Map<string, number>(),
    selfByFile: new Map<string, number>(),
    selfByFunction: new Map<string, number>(),
    totalByFunction: new Map<string, number>(),
  };
  const add = (table: Map<string, number>, key: string, ms: number) =>
    table.set(key, (table.get(key) ?? 0) + ms);
  const functionName = (frame: CallFrame) =>
    `${frame.functionName || "(anonymous)"} — ${sourceOf(frame).file}`;
  let sampledAt = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    sampledAt += profile.timeDeltas[i];
    const until = i + 1 < profile.samples.length ? sampledAt + profile.timeDeltas[i + 1] : profile.endTime;
    const ms = (until - sampledAt) / 1000;
    const frame = frames.get(profile.samples[i])!;
    const where = sourceOf(frame);
    add(tables.selfByFunction, functionName(frame), ms);
    add(tables.selfByFile, where.file, ms);
    add(tables.selfByArea, where.area, ms);
    const onStack = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parents.get(id)) {
      onStack.add(functionName(frames.get(id)!));
    }
    for (const name of onStack) add(tables.totalByFunction, name, ms);
  }
  // Not a `let` summed in the loop: ts-closure-transform boxes a `let` that a closure reads, and `{ totalMs }` would return the box.
  const totalMs = [...tables.selfByArea.values()].reduce((sum, ms) => sum + ms, 0);
  const ranked = (table: Map<string, number>) =>
    [...table]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: ms / totalMs }));
  return {
    totalMs,
    selfByArea: ranked(tables.selfByArea),
    selfByFile: ranked(tables.selfByFile),
    selfByFunction: ranked(tables.selfByFunction),
    totalByFunction: ranked(tables.totalByFunction),
  };
}

/** A frame's file, readable (ours as its .ts source path), and the area it belongs to. */
function sourceOf({ functionName, scriptId, url }: CallFrame): { file: string; area: string } {
  if (url === "" && scriptId === "0") {
    const entry = functionName.startsWith("(") ? functionName : "V8 builtins";
    return { file: entry, area: entry };
  }
  if (url === "") return { file: SERIALIZED_DOFN_CODE, area: SERIALIZED_DOFN_CODE };
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
