// Run as a child process by worker_pool.test.ts: loads what a worker loads
// (argv[2] "worker-pool": our worker-pool module; "sdk-only": the apache-beam
// index alone), then deserializes every TypeScript DoFn and CombineFn of the
// pipeline proto in file argv[3], as the SDK harness does when it builds a
// bundle processor. Prints how many it deserialized; exits 1 on the first failure.
import * as fs from "fs";
import "apache-beam";
import { deserializeFn } from "apache-beam/internal/serialize";
import * as runnerApi from "apache-beam/proto/beam_runner_api";

const JS_FN_URNS = ["beam:dofn:serialized_js_dofn_info:v1", "beam:dofn:serialized_js_combinefn_info:v1"];

function serializedFns(pipeline: runnerApi.Pipeline): { transform: string; payload: Uint8Array }[] {
  return Object.values(pipeline.components!.transforms).flatMap((transform) => {
    const spec = transform.spec;
    if (spec?.urn === "beam:transform:pardo:v1") {
      const doFn = runnerApi.ParDoPayload.fromBinary(spec.payload).doFn;
      return doFn && JS_FN_URNS.includes(doFn.urn)
        ? [{ transform: transform.uniqueName, payload: doFn.payload }]
        : [];
    }
    if (spec?.urn === "beam:transform:combine_per_key:v1") {
      const combineFn = runnerApi.CombinePayload.fromBinary(spec.payload).combineFn!;
      return [{ transform: transform.uniqueName, payload: combineFn.payload }];
    }
    return [];
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === "worker-pool") await import("../../runners/portable/worker_pool");
  const pipeline = runnerApi.Pipeline.fromBinary(fs.readFileSync(process.argv[3]));
  const fns = serializedFns(pipeline);
  for (const fn of fns) {
    try {
      deserializeFn(fn.payload);
    } catch (error) {
      console.error(`cannot deserialize the function of ${fn.transform}: ${(error as Error).message}`);
      process.exit(1);
    }
  }
  console.log(fns.length);
}

void main();
