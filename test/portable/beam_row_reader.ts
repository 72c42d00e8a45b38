import { AtomicType, type FieldType, type Schema } from "apache-beam/proto/schema";

/**
 * A reader of Beam's row encoding (beam:coder:row:v1, as in Beam's
 * standard_coders.yaml), written from the spec for tests so that what our
 * code encodes is checked by something other than itself: field count
 * (varint), null bitmap (length-prefixed bytes, bit i set = field i null),
 * then each non-null field: varint integers, 1-byte booleans,
 * length-prefixed strings and bytes, 4-byte big-endian counts before array
 * and map elements, nested rows.
 */
export function readBeamRow(schema: Schema, bytes: Uint8Array): Record<string, unknown> {
  let position = 0;
  const byte = () => bytes[position++];
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = byte();
      value |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return value;
    }
  };
  const lengthPrefixed = () => {
    const length = Number(varint());
    position += length;
    return bytes.subarray(position - length, position);
  };
  const count = () => {
    const n = (byte() << 24) | (byte() << 16) | (byte() << 8) | byte();
    return n;
  };
  const value = (type: FieldType): unknown => {
    const info = type.typeInfo;
    switch (info.oneofKind) {
      case "atomicType":
        switch (info.atomicType) {
          case AtomicType.INT32:
          case AtomicType.INT64:
            return BigInt.asIntN(64, varint());
          case AtomicType.BOOLEAN:
            return byte() === 1;
          case AtomicType.STRING:
            return new TextDecoder().decode(lengthPrefixed());
          case AtomicType.BYTES:
            return lengthPrefixed();
          default:
            throw new Error(`atomic type ${info.atomicType} not read here`);
        }
      case "arrayType":
        return Array.from({ length: count() }, () => value(info.arrayType.elementType!));
      case "mapType":
        return Object.fromEntries(
          Array.from({ length: count() }, () => [
            value(info.mapType.keyType!),
            value(info.mapType.valueType!),
          ]),
        );
      case "rowType":
        return row(info.rowType.schema!);
      default:
        throw new Error(`field type ${info.oneofKind} not read here`);
    }
  };
  const row = (rowSchema: Schema): Record<string, unknown> => {
    const fieldCount = Number(varint());
    const nullBits = lengthPrefixed();
    const isNull = (i: number) => i < nullBits.length * 8 && (nullBits[i >> 3] & (1 << (i & 7))) !== 0;
    const result: Record<string, unknown> = {};
    rowSchema.fields.slice(0, fieldCount).forEach((field, i) => {
      result[field.name] = isNull(i) ? null : value(field.type!);
    });
    return result;
  };
  const result = row(schema);
  if (position !== bytes.length) throw new Error(`${bytes.length - position} bytes left after the row`);
  return result;
}
