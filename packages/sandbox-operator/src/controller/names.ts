import { createHash } from 'crypto';

const shortHash = (value: string) =>
  createHash('sha256').update(value).digest('hex').slice(0, 8);

/**
 * Fits a value into a DNS-1123 label of at most `max` characters: dots and
 * anything else not allowed become '-', and a value too long is cut and
 * given a hash of the whole, so two long names never collide.
 */
export function toDnsLabel(value: string, max = 63): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '');
  if (cleaned.length <= max && cleaned === value) return cleaned;
  if (cleaned.length <= max && cleaned.length > 0) return cleaned;
  const hash = shortHash(value);
  return `${cleaned
    .slice(0, max - hash.length - 1)
    .replace(/-+$/, '')}-${hash}`;
}

/** The namespace of a sandbox: prefix + name, at most 63 characters. */
export function namespaceName(sandboxName: string, prefix: string): string {
  return toDnsLabel(`${prefix}${sandboxName}`, 63);
}

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

/** The host of an endpoint: `<endpoint>-<sandbox>.<baseDomain>`. */
export function endpointHost(
  endpoint: string,
  sandboxName: string,
  baseDomain: string,
): string {
  return `${toDnsLabel(`${endpoint}-${sandboxName}`, 63)}.${baseDomain}`;
}
