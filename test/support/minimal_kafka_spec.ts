import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A valid spec with a Kafka source (nothing listens at its brokers), written to a fresh folder; returns its path. */
export function writeMinimalKafkaSpec(): string {
  const spec = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kafka-spec-")), "monitor.yaml");
  fs.writeFileSync(
    spec,
    [
      "model: m",
      "features: [{ name: x, type: numerical, path: 0 }]",
      "input: { format: kserve }",
      "source: { kind: kafka, brokers: localhost:9092, topic: t, groupId: g }",
      "window: { size: 60s }",
    ].join("\n"),
  );
  return spec;
}
