// The SDK index first: some of its subpath modules import each other circularly.
import "apache-beam";
import { globalRegistry } from "apache-beam/coders/coders";
import { RowCoder } from "apache-beam/coders/row_coder";
import { AtomicType, type FieldType } from "apache-beam/proto/schema";
import type { Reader, Writer } from "protobufjs";

/**
 * Beam's VarLongCoder: a 64-bit varint (two's complement for negatives), as
 * a JS number (exact within ±2^53: offsets and epoch-ms timestamps).
 */
class VarLongNumberCoder {
  encode(value: number, writer: Writer): void {
    writer.int64(value);
  }

  decode(reader: Reader): number {
    // protobufjs gives a Long when the long package is installed, else a number.
    const value: unknown = reader.int64();
    return typeof value === "number" ? value : (value as { toNumber(): number }).toNumber();
  }

  toProto(): never {
    throw new Error("VarLongNumberCoder is a row field's coder, not a PCollection's");
  }
}

/**
 * The row coder (`beam:coder:row:v1`) with INT64 fields read as 64-bit
 * varints. The SDK's RowCoder (2.49) reads INT64 with a 32-bit varint reader,
 * which truncates values past 2^31 and loses its place in the stream on the
 * 6-byte varints of epoch-ms timestamps: the rows of Java's KafkaIO (offset,
 * timestamp) could not be decoded. Registered in place of the SDK's, so every
 * row PCollection a worker decodes uses it. Rows nested in rows are still
 * the SDK's (the SDK builds them itself); KafkaIO's nested header rows have no
 * INT64 field.
 */
export class Int64RowCoder extends RowCoder {
  getNonNullCoderFromType(fieldType: FieldType): unknown {
    const info = fieldType.typeInfo;
    if (info.oneofKind === "atomicType" && info.atomicType === AtomicType.INT64)
      return new VarLongNumberCoder();
    return super.getNonNullCoderFromType(fieldType);
  }
}

// The registry calls the constructor with the coder proto's payload: the serialized Schema.
globalRegistry().registerConstructor(RowCoder.URN, (schema) => new Int64RowCoder(schema as Uint8Array));
