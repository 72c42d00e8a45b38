import { ExternalConfigurationPayload } from "apache-beam/proto/external_transforms";
import { AtomicType, type FieldType, type Schema } from "apache-beam/proto/schema";

/** One configuration field of a cross-language transform, typed as Java's builder expects it. */
export type ConfigurationValue =
  | { kind: "int64"; value: number }
  | { kind: "strings"; value: string[] }
  | { kind: "stringMap"; value: Record<string, string> };

const atomic = (atomicType: AtomicType): FieldType => ({
  nullable: false,
  typeInfo: { oneofKind: "atomicType", atomicType },
});

function fieldType(value: ConfigurationValue): FieldType {
  switch (value.kind) {
    case "int64":
      return atomic(AtomicType.INT64);
    case "strings":
      return {
        nullable: false,
        typeInfo: { oneofKind: "arrayType", arrayType: { elementType: atomic(AtomicType.STRING) } },
      };
    case "stringMap":
      return {
        nullable: false,
        typeInfo: {
          oneofKind: "mapType",
          mapType: { keyType: atomic(AtomicType.STRING), valueType: atomic(AtomicType.STRING) },
        },
      };
  }
}

/** Beam's varint (VarIntCoder / VarLongCoder): 7 bits a byte, low bits first; non-negative integers only. */
function varint(n: number): number[] {
  const bytes: number[] = [];
  let rest = n;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/** A nested StringUtf8Coder value: varint byte length, then UTF-8. */
const utf8 = (text: string): number[] => {
  const bytes = [...Buffer.from(text, "utf8")];
  return [...varint(bytes.length), ...bytes];
};

/** The element count Beam's list and map coders write first: a 4-byte big-endian int. */
const count = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

function encodedValue(value: ConfigurationValue): number[] {
  switch (value.kind) {
    case "int64":
      return varint(value.value);
    case "strings":
      return [...count(value.value.length), ...value.value.flatMap(utf8)];
    case "stringMap": {
      const entries = Object.entries(value.value);
      return [
        ...count(entries.length),
        ...entries.flatMap((entry) => [...utf8(entry[0]), ...utf8(entry[1])]),
      ];
    }
  }
}

/**
 * The payload of an external (cross-language) transform configured by
 * fields, as Python's SDK sends it: an ExternalConfigurationPayload holding
 * the fields' schema and one row encoded with Beam's row coder (field count,
 * an empty null bitmap — no field is null —, then each field nested). The
 * TypeScript SDK's own encoding infers a schema from a JSON object and cannot
 * express a map (Java's `Map<String, String>` consumer config), hence this.
 */
export function externalConfigurationPayload(fields: Record<string, ConfigurationValue>): Uint8Array {
  const entries = Object.entries(fields);
  const schema: Schema = {
    id: "",
    options: [],
    encodingPositionsSet: false,
    fields: entries.map((entry, position) => ({
      name: entry[0],
      description: "",
      type: fieldType(entry[1]),
      id: position,
      encodingPosition: position,
      options: [],
    })),
  };
  const row = [
    ...varint(entries.length),
    ...varint(0),
    ...entries.flatMap((entry) => encodedValue(entry[1])),
  ];
  return ExternalConfigurationPayload.toBinary({ schema, payload: new Uint8Array(row) });
}
