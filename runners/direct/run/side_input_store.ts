import * as fnApi from "apache-beam/proto/beam_fn_api";
import type { MaybePromise, StateProvider } from "apache-beam/worker/state";
import { Uint8ArrayConcat } from "apache-beam/worker/state";

/**
 * Side-input contents, kept across bundles: encoded elements appended per
 * (ParDo, side input, window) state key, read back whole. Reads are not
 * cached here because the view may grow between bundles; the SDK caches a
 * global-window side input for the length of one bundle.
 */
export class SideInputStore implements StateProvider {
  private readonly chunksByKey = new Map<string, Uint8Array[]>();

  append(stateKey: fnApi.StateKey, encodedElement: Uint8Array): void {
    const key = this.keyOf(stateKey);
    const chunks = this.chunksByKey.get(key);
    if (chunks === undefined) this.chunksByKey.set(key, [encodedElement]);
    else chunks.push(encodedElement);
  }

  getState<T>(stateKey: fnApi.StateKey, decode: (data: Uint8Array) => T): MaybePromise<T> {
    return {
      type: "value",
      value: decode(Uint8ArrayConcat(this.chunksByKey.get(this.keyOf(stateKey)) ?? [])),
    };
  }

  private keyOf(stateKey: fnApi.StateKey): string {
    return Buffer.from(fnApi.StateKey.toBinary(stateKey)).toString("base64");
  }
}
