/** One field of a protobuf message as it is on the wire. */
export interface RawField {
  number: number;
  wireType: number;
  /** A varint (wire type 0), 8 bytes (1), a length-delimited body (2) or 4 bytes (5). */
  value: bigint | Buffer;
}

function readVarint(buf: Buffer, pos: { at: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos.at >= buf.length) throw new Error('truncated varint');
    const byte = buf[pos.at++];
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return result;
    shift += 7n;
  }
}

function take(buf: Buffer, pos: { at: number }, length: number): Buffer {
  if (pos.at + length > buf.length) throw new Error('truncated field');
  const value = buf.subarray(pos.at, pos.at + length);
  pos.at += length;
  return value;
}

/** Splits a message into its fields, in wire order. */
export function readFields(buf: Buffer): RawField[] {
  const fields: RawField[] = [];
  const pos = { at: 0 };
  while (pos.at < buf.length) {
    const tag = Number(readVarint(buf, pos));
    const number = tag >>> 3;
    const wireType = tag & 7;
    let value: bigint | Buffer;
    if (wireType === 0) value = readVarint(buf, pos);
    else if (wireType === 1) value = take(buf, pos, 8);
    else if (wireType === 2)
      value = take(buf, pos, Number(readVarint(buf, pos)));
    else if (wireType === 5) value = take(buf, pos, 4);
    else throw new Error(`unsupported wire type ${wireType}`);
    fields.push({ number, wireType, value });
  }
  return fields;
}

/** The varints of a packed repeated field. */
export function readPackedVarints(buf: Buffer): bigint[] {
  const values: bigint[] = [];
  const pos = { at: 0 };
  while (pos.at < buf.length) values.push(readVarint(buf, pos));
  return values;
}

/** The first occurrence of a field of a message, if any. */
export function field(
  fields: RawField[],
  number: number,
): RawField | undefined {
  return fields.find(f => f.number === number);
}
