/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource):
 * parsed into milli-units so that CPU and memory add up exactly, and
 * printed back in the canonical form the server uses in messages and in
 * ResourceQuota status ("1500m", "384Mi", "2").
 */

const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL_EXPONENT: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** A parsed quantity in thousandths of the unit (rounded up, as the server rounds to milli). */
export interface Quantity {
  milli: bigint;
  /** Whether the quantity was written with a binary suffix (printed back the same way). */
  binary: boolean;
}

function scaled(digits: string, exponent: number): bigint {
  const [whole, fraction = ''] = digits.split('.');
  const mantissa = BigInt(`${whole || '0'}${fraction}`);
  const shift = exponent + 3 - fraction.length;
  if (shift >= 0) return mantissa * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  return (mantissa + divisor - 1n) / divisor;
}

/** Parses a quantity (string or JSON number); undefined when malformed. */
export function parseQuantity(value: unknown): Quantity | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, number, suffix = ''] = match;
  const negative = number.startsWith('-');
  const digits = number.replace(/^[+-]/, '');
  let milli: bigint;
  if (BINARY[suffix]) milli = scaled(digits, 0) * BINARY[suffix];
  else if (/^[eE]/.test(suffix))
    milli = scaled(digits, Number(suffix.slice(1)));
  else milli = scaled(digits, DECIMAL_EXPONENT[suffix]);
  return { milli: negative ? -milli : milli, binary: Boolean(BINARY[suffix]) };
}

/** Prints milli-units canonically: binary suffixes for binary quantities, else decimal or milli. */
export function formatQuantity(milli: bigint, binary: boolean): string {
  if (milli % 1000n !== 0n) return `${milli}m`;
  const units = milli / 1000n;
  if (units === 0n) return '0';
  if (binary) {
    for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      if (units % BINARY[suffix] === 0n)
        return `${units / BINARY[suffix]}${suffix}`;
    }
    return String(units);
  }
  for (const [suffix, exponent] of [
    ['E', 18n],
    ['P', 15n],
    ['T', 12n],
    ['G', 9n],
    ['M', 6n],
    ['k', 3n],
  ] as const) {
    if (units % 10n ** exponent === 0n)
      return `${units / 10n ** exponent}${suffix}`;
  }
  return String(units);
}
