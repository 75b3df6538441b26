import { createHash } from 'crypto';

const shortHash = (value: string) =>
  createHash('sha256').update(value).digest('hex').slice(0, 8);

/**
 * A label value (at most 63 characters of [a-z0-9A-Z-_.], alphanumeric at
 * both ends), e.g. for an entity ref which holds ':' and '/'.
 */
export function toLabelValue(value: string): string {
  const cleaned = value
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (cleaned.length <= 63) return cleaned;
  const hash = shortHash(value);
  return `${cleaned.slice(0, 54).replace(/[^A-Za-z0-9]+$/, '')}-${hash}`;
}
