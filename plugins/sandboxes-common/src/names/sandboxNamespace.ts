import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { isDns1123Label } from '../validation/names';

/**
 * The one mapping from a Sandbox name to its namespace and hosts, used by
 * the backend (to refuse a name up front) and the operator (to create the
 * namespace) alike.
 *
 * It is one-to-one: a name that is already a clean DNS-1123 label and fits
 * is used as it is; any other name (dots, upper case, too long) is cleaned,
 * cut and given a hash of the exact name. A clean name that happens to end
 * like a hash suffix is hashed too, so a verbatim result can never equal a
 * hashed one: `jane-checkout` and `jane.checkout` get different namespaces.
 */

/** Sandbox namespaces are `<prefix><name>` unless configured otherwise. @public */
export const DEFAULT_SANDBOX_NAMESPACE_PREFIX = 'sandbox-';

/**
 * Namespaces that never become a sandbox namespace, whatever the prefix:
 * the cluster's own, and the namespace the shipped manifests install the
 * operator in. `*` at the end matches any rest. Operator and backend add
 * their configured entries (and the operator its own namespace).
 *
 * @public
 */
export const DEFAULT_RESERVED_NAMESPACES: readonly string[] = [
  'default',
  'kube-*',
  'sandbox-operator-system',
];

const HASH_LENGTH = 10;
const HASH_SUFFIX = new RegExp(`-[0-9a-f]{${HASH_LENGTH}}$`);
const MAX_LABEL = 63;

function shortHash(value: string): string {
  return bytesToHex(sha256(utf8ToBytes(value))).slice(0, HASH_LENGTH);
}

/**
 * `<prefix><name>` when that is a DNS-1123 label of at most 63 characters
 * that does not end like a hash suffix; otherwise the cleaned name cut to
 * fit, followed by `-<hash of the exact name>`.
 */
function uniqueLabel(prefix: string, name: string): string {
  const verbatim = `${prefix}${name}`;
  if (
    isDns1123Label(name) &&
    verbatim.length <= MAX_LABEL &&
    !HASH_SUFFIX.test(verbatim)
  ) {
    return verbatim;
  }
  const cleaned = `${prefix}${name}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, MAX_LABEL - HASH_LENGTH - 1)
    .replace(/^-+|-+$/g, '');
  const hash = shortHash(name);
  return cleaned ? `${cleaned}-${hash}` : `s-${hash}`;
}

/** The namespace of the Sandbox `name`. @public */
export function sandboxNamespace(
  name: string,
  prefix: string = DEFAULT_SANDBOX_NAMESPACE_PREFIX,
): string {
  return uniqueLabel(prefix, name);
}

/** The host of a sandbox endpoint: `<endpoint>-<name>.<baseDomain>`, one-to-one in the name. @public */
export function sandboxHost(
  name: string,
  endpoint: string,
  baseDomain: string,
): string {
  return `${uniqueLabel(`${endpoint}-`, name)}.${baseDomain}`;
}

/** True when `namespace` matches an entry of `reserved` (`*` at the end matches any rest). @public */
export function isReservedNamespace(
  namespace: string,
  reserved: readonly string[],
): boolean {
  return reserved.some(entry =>
    entry.endsWith('*')
      ? namespace.startsWith(entry.slice(0, -1))
      : namespace === entry,
  );
}
