/** Writes protobuf messages field by field (proto3 wire format). */
export class WireWriter {
  readonly #parts: Buffer[] = [];

  static varint(value: number): Buffer {
    const bytes: number[] = [];
    let rest = value;
    while (rest > 0x7f) {
      bytes.push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    bytes.push(rest);
    return Buffer.from(bytes);
  }

  /** A length-delimited field (string, bytes or an embedded message). */
  bytes(number: number, value: Buffer | string): this {
    const body = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.#parts.push(
      WireWriter.varint((number << 3) | 2),
      WireWriter.varint(body.length),
      body,
    );
    return this;
  }

  /** A length-delimited field, left out when empty (proto3 default). */
  optional(number: number, value: string | undefined): this {
    return value ? this.bytes(number, value) : this;
  }

  bool(number: number, value: boolean): this {
    if (value)
      this.#parts.push(WireWriter.varint(number << 3), Buffer.from([1]));
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.#parts);
  }
}
