import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadSpec } from "../../pipelines/spec/load_spec";
import { CHECKPOINT_VERSION, type Checkpoint } from "../../runners/direct/checkpoint/checkpoint";
import { CheckpointMismatchError, CheckpointStore } from "../../runners/direct/checkpoint/checkpoint_store";
import { specFingerprint } from "../../runners/spec_fingerprint";
import { FLIGHTS_SPEC } from "../baseline/baseline_cli";

function checkpoint(fingerprint: string): Checkpoint {
  return {
    version: CHECKPOINT_VERSION,
    fingerprint,
    bundleIndex: 41,
    takenAtMs: 1_767_225_600_000,
    droppedLate: 3,
    sources: { source: { watermarks: { maxTimestampsMs: { "log/0": -Infinity }, reportedMs: Infinity } } },
    operators: { combine: { inputWatermarkMs: -Infinity, createdStates: 2, states: [] } },
  };
}

describe("checkpoint store and spec fingerprint", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoint-store-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads back what it wrote, ±∞ watermarks included, and leaves no temporary file", () => {
    const store = new CheckpointStore(path.join(dir, "state"), "f1");
    assert.equal(store.latest(), undefined);
    store.write(checkpoint("f1"));
    assert.deepEqual(store.latest(), checkpoint("f1"));
    assert.deepEqual(fs.readdirSync(path.join(dir, "state")), ["checkpoint.json"]);
    store.clear();
    assert.equal(store.latest(), undefined);
  });

  it("refuses a checkpoint it cannot read, saying what to do", () => {
    const store = new CheckpointStore(dir, "f1");
    fs.writeFileSync(store.file, '{"version": 1, "finger');
    assert.throws(
      () => store.latest(),
      (error: Error) =>
        error instanceof CheckpointMismatchError &&
        error.message.startsWith(`the checkpoint ${store.file} cannot be read (`) &&
        error.message.endsWith("); move it away to start over from the source's committed offsets"),
    );
  });

  it("the fingerprint changes with the windows, not with the sinks or the Kafka session settings", () => {
    const spec = loadSpec(FLIGHTS_SPEC);
    const fingerprint = specFingerprint(spec);
    assert.match(fingerprint, /^[0-9a-f]{16}$/);
    assert.equal(specFingerprint({ ...spec, sinks: [{ kind: "stdout" }] }), fingerprint);
    assert.notEqual(specFingerprint({ ...spec, window: { ...spec.window, size: 30_000 } }), fingerprint);
    const kafka = {
      kind: "kafka" as const,
      brokers: "b:9092",
      topic: "t",
      groupId: "g",
      startFrom: "earliest" as const,
    };
    const onKafka = specFingerprint({ ...spec, source: { ...kafka, sessionTimeout: 30_000 } });
    assert.equal(
      specFingerprint({ ...spec, source: { ...kafka, sessionTimeout: 6_000, untilIdle: 3_000 } }),
      onKafka,
    );
    assert.notEqual(
      specFingerprint({ ...spec, source: { ...kafka, topic: "u", sessionTimeout: 30_000 } }),
      onKafka,
    );
  });
});
