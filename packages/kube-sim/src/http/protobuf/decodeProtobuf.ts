import { StatusError } from '../../errors/StatusError';
import { FieldType, KINDS, MESSAGES } from './messageLayout';
import { decodeSpecial, isSpecial } from './specialTypes';
import { field, RawField, readFields, readPackedVarints } from './wireFormat';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

function scalar(type: FieldType, raw: RawField): unknown {
  if (type === 'string') return (raw.value as Buffer).toString('utf8');
  if (type === 'bytes') return (raw.value as Buffer).toString('base64');
  if (type === 'int') return Number(BigInt.asIntN(64, raw.value as bigint));
  if (type === 'bool') return (raw.value as bigint) !== 0n;
  if (type === 'double') return (raw.value as Buffer).readDoubleLE(0);
  if (isSpecial(type)) return decodeSpecial(type, raw.value as Buffer);
  if (typeof type === 'string') throw new Error(`unknown field type ${type}`);
  if ('message' in type)
    return decodeMessage(raw.value as Buffer, type.message);
  if ('list' in type) {
    // A named Go slice is a message whose field 1 repeats the items.
    return repeatedValues(
      type.list,
      readFields(raw.value as Buffer).filter(f => f.number === 1),
    );
  }
  throw new Error(`a map cannot be a single value`);
}

function repeatedValues(type: FieldType, raws: RawField[]): unknown[] {
  return raws.flatMap(raw =>
    (type === 'int' || type === 'bool') && raw.wireType === 2
      ? readPackedVarints(raw.value as Buffer).map(value =>
          scalar(type, { ...raw, wireType: 0, value }),
        )
      : [scalar(type, raw)],
  );
}

function mapEntry(type: FieldType, raw: RawField): [string, unknown] {
  const entry = readFields(raw.value as Buffer);
  const key = field(entry, 1);
  const value = field(entry, 2);
  return [
    key ? (key.value as Buffer).toString('utf8') : '',
    value ? scalar(type, value) : zeroOf(type),
  ];
}

function zeroOf(type: FieldType): unknown {
  if (type === 'int') return 0;
  if (type === 'bool') return false;
  if (type === 'string' || type === 'bytes') return '';
  return scalar(type, { number: 2, wireType: 2, value: Buffer.alloc(0) });
}

const isZero = (value: unknown) =>
  value === '' || value === 0 || value === false;

/**
 * Decodes a message into the JSON the Go API server would see: a plain
 * field's zero value is dropped when its JSON tag says omitempty (Go omits
 * it), a pointer keeps an explicit zero (`replicas: 0`), and a struct is kept
 * even when empty (`resources: {}`), as encoding/json writes it.
 */
function decodeMessage(buf: Buffer, ref: string): Record<string, unknown> {
  const entries = MESSAGES[ref];
  const out: Record<string, unknown> = {};
  for (const raw of readFields(buf)) {
    const entry = entries[raw.number];
    if (!entry) continue;
    const { name, type } = entry;
    if (entry.inline) {
      Object.assign(out, scalar(type, raw));
    } else if (entry.repeated) {
      out[name] = [
        ...((out[name] as unknown[]) ?? []),
        ...repeatedValues(type, [raw]),
      ];
    } else if (typeof type === 'object' && 'map' in type) {
      const [key, value] = mapEntry(type.map, raw);
      out[name] = { ...(out[name] as object), [key]: value };
    } else {
      const value = scalar(type, raw);
      if (value === undefined) continue;
      if (!entry.pointer && entry.omitempty && isZero(value)) continue;
      out[name] = value;
    }
  }
  return out;
}

/**
 * Decodes a Kubernetes protobuf body ("k8s\0" + runtime.Unknown) of any
 * built-in kind kube-sim serves.
 */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (!body.subarray(0, 4).equals(MAGIC)) {
    throw new StatusError(
      400,
      'BadRequest',
      'protobuf body does not start with the k8s magic number',
    );
  }
  let apiVersion = '';
  let kind = '';
  try {
    const unknown = readFields(body.subarray(4));
    const typeMeta = readFields(
      (field(unknown, 1)?.value as Buffer) ?? Buffer.alloc(0),
    );
    apiVersion =
      (field(typeMeta, 1)?.value as Buffer | undefined)?.toString('utf8') ?? '';
    kind =
      (field(typeMeta, 2)?.value as Buffer | undefined)?.toString('utf8') ?? '';
    const ref = KINDS[`${apiVersion}/${kind}`];
    if (!ref) {
      throw new StatusError(
        415,
        'UnsupportedMediaType',
        `kube-sim has no protobuf layout for ${apiVersion}/${kind}; send it as JSON`,
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
    const raw = (field(unknown, 2)?.value as Buffer) ?? Buffer.alloc(0);
    return { apiVersion, kind, ...decodeMessage(raw, ref) };
  } catch (error) {
    if (error instanceof StatusError) throw error;
    throw new StatusError(
      400,
      'BadRequest',
      `${kind || 'object'} in version "${apiVersion}" cannot be handled as a ${
        kind || 'object'
      }: ${(error as Error).message}`,
    );
  }
}
