import { StatusError } from '../../errors/StatusError';
import { FieldDef, MessageSchema, PROTOBUF_KINDS } from './protobufSchemas';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface RawField {
  number: number;
  wireType: number;
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

function readFields(buf: Buffer): RawField[] {
  const fields: RawField[] = [];
  const pos = { at: 0 };
  while (pos.at < buf.length) {
    const tag = Number(readVarint(buf, pos));
    const number = tag >> 3;
    const wireType = tag & 7;
    if (wireType === 0)
      fields.push({ number, wireType, value: readVarint(buf, pos) });
    else if (wireType === 2) {
      const length = Number(readVarint(buf, pos));
      fields.push({
        number,
        wireType,
        value: buf.subarray(pos.at, pos.at + length),
      });
      pos.at += length;
    } else if (wireType === 1) pos.at += 8;
    else if (wireType === 5) pos.at += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
  return fields;
}

function decodeValue(def: FieldDef, field: RawField): unknown {
  const { kind } = def;
  if (kind === 'string') return (field.value as Buffer).toString('utf8');
  if (kind === 'bytes') return (field.value as Buffer).toString('base64');
  if (kind === 'int') return Number(field.value as bigint);
  if (kind === 'bool') return (field.value as bigint) !== 0n;
  if (kind === 'time') {
    const parts = readFields(field.value as Buffer);
    const seconds = Number(
      (parts.find(p => p.number === 1)?.value as bigint | undefined) ?? 0n,
    );
    return seconds === 0
      ? undefined
      : new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  if ('message' in kind)
    return decodeMessage(field.value as Buffer, kind.message);
  const entry = readFields(field.value as Buffer);
  const key =
    (entry.find(e => e.number === 1)?.value as Buffer | undefined)?.toString(
      'utf8',
    ) ?? '';
  const raw =
    (entry.find(e => e.number === 2)?.value as Buffer | undefined) ??
    Buffer.alloc(0);
  return [
    key,
    kind.map === 'bytes' ? raw.toString('base64') : raw.toString('utf8'),
  ];
}

/** Decodes a message; zero values are dropped, as Go's JSON omitempty would. */
function decodeMessage(
  buf: Buffer,
  schema: MessageSchema,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of readFields(buf)) {
    const def = schema[field.number];
    if (!def) continue;
    const value = decodeValue(def, field);
    if (typeof def.kind === 'object' && 'map' in def.kind) {
      const [k, v] = value as [string, string];
      out[def.name] = { ...(out[def.name] as object), [k]: v };
    } else if (def.repeated) {
      out[def.name] = [...((out[def.name] as unknown[]) ?? []), value];
    } else if (
      value !== undefined &&
      value !== '' &&
      !(def.kind === 'int' && value === 0)
    ) {
      out[def.name] = value;
    }
  }
  return out;
}

/**
 * Decodes a Kubernetes protobuf body ("k8s\0" + runtime.Unknown) for the few
 * kinds kubectl's generators send; other kinds answer 415.
 */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (!body.subarray(0, 4).equals(MAGIC)) {
    throw new StatusError(
      400,
      'BadRequest',
      'protobuf body does not start with the k8s magic number',
    );
  }
  const unknown = readFields(body.subarray(4));
  const typeMeta = readFields(
    (unknown.find(f => f.number === 1)?.value as Buffer) ?? Buffer.alloc(0),
  );
  const apiVersion =
    (typeMeta.find(f => f.number === 1)?.value as Buffer | undefined)?.toString(
      'utf8',
    ) ?? '';
  const kind =
    (typeMeta.find(f => f.number === 2)?.value as Buffer | undefined)?.toString(
      'utf8',
    ) ?? '';
  const schema = PROTOBUF_KINDS[`${apiVersion}/${kind}`];
  if (!schema) {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      `kube-sim decodes protobuf bodies only for ${Object.keys(
        PROTOBUF_KINDS,
      ).join(
        ', ',
      )}; send ${apiVersion}/${kind} as JSON (kubectl create -f / kubectl apply)`,
      {
        causes: [
          {
            reason: 'UnexpectedServerResponse',
            message: 'application/vnd.kubernetes.protobuf',
          },
        ],
      },
    );
  }
  const raw =
    (unknown.find(f => f.number === 2)?.value as Buffer) ?? Buffer.alloc(0);
  return { apiVersion, kind, ...decodeMessage(raw, schema) };
}
