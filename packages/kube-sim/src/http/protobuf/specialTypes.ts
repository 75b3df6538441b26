import { field, readFields } from './wireFormat';

/**
 * The apimachinery types whose protobuf and JSON forms are written by hand
 * upstream (meta/v1 time_proto.go, micro_time_proto.go, duration.go,
 * FieldsV1; runtime.RawExtension; resource.Quantity; intstr.IntOrString).
 */
const SPECIAL_TYPES = [
  'time',
  'microTime',
  'duration',
  'json',
  'quantity',
  'intOrString',
] as const;

export type SpecialType = (typeof SPECIAL_TYPES)[number];

export const isSpecial = (type: unknown): type is SpecialType =>
  SPECIAL_TYPES.includes(type as SpecialType);

const varint = (fields: ReturnType<typeof readFields>, n: number) =>
  BigInt.asIntN(64, (field(fields, n)?.value as bigint | undefined) ?? 0n);

const bytes = (fields: ReturnType<typeof readFields>, n: number) =>
  (field(fields, n)?.value as Buffer | undefined) ?? Buffer.alloc(0);

/** Go's time.Duration.String(): 1h2m3.5s, 1.5ms, 0s. */
export function goDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  const fraction = (value: bigint, unit: bigint, digits: number) => {
    const rest = (value % unit).toString().padStart(digits, '0');
    const trimmed = rest.replace(/0+$/, '');
    return `${value / unit}${trimmed ? `.${trimmed}` : ''}`;
  };
  if (abs < 1000n) return `${sign}${abs}ns`;
  if (abs < 1_000_000n) return `${sign}${fraction(abs, 1000n, 3)}µs`;
  if (abs < 1_000_000_000n) return `${sign}${fraction(abs, 1_000_000n, 6)}ms`;
  const hours = abs / 3_600_000_000_000n;
  const minutes = (abs / 60_000_000_000n) % 60n;
  const seconds = `${fraction(abs % 60_000_000_000n, 1_000_000_000n, 9)}s`;
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

/** Decodes one of the special types; undefined where Go's JSON writes null (a zero time). */
export function decodeSpecial(type: SpecialType, body: Buffer): unknown {
  const fields = readFields(body);
  switch (type) {
    case 'time':
    case 'microTime': {
      const seconds = varint(fields, 1);
      const nanos = Number(varint(fields, 2));
      if (seconds === 0n && nanos === 0) return undefined;
      const iso = new Date(Number(seconds) * 1000).toISOString();
      // metav1.Time marshals to whole seconds, MicroTime to microseconds.
      return type === 'time'
        ? iso.replace(/\.\d{3}Z$/, 'Z')
        : iso.replace(
            /\.\d{3}Z$/,
            `.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`,
          );
    }
    case 'duration':
      return goDuration(varint(fields, 1));
    case 'json': {
      const raw = bytes(fields, 1);
      return raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
    }
    case 'quantity':
      return bytes(fields, 1).toString('utf8') || '0';
    case 'intOrString':
      return varint(fields, 1) === 1n
        ? bytes(fields, 3).toString('utf8')
        : Number(varint(fields, 2));
    default:
      throw new Error(`unknown special type ${type satisfies never}`);
  }
}
