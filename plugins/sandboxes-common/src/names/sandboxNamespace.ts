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
 * The operator's scratch namespace: templates' objects are checked there
 * with server-side dry runs, which a real API server accepts only into a
 * namespace that exists. Nothing is ever stored in it.
 *
 * @public
 */
export const DEFAULT_DRY_RUN_NAMESPACE = 'sandbox-operator-dry-run';

/**
 * Namespaces that never become a sandbox namespace, whatever the prefix:
 * the cluster's own, the namespace the shipped manifests install the
 * operator in, and its dry-run namespace. `*` at the end matches any rest.
 * Operator and backend add their configured entries (and the operator its
 * own namespaces).
 *
 * @public
 */
export const DEFAULT_RESERVED_NAMESPACES: readonly string[] = [
  'default',
  'kube-*',
  'sandbox-operator-system',
  DEFAULT_DRY_RUN_NAMESPACE,
];

const HASH_LENGTH = 10;
const HASH_SUFFIX = new RegExp(`-[0-9a-f]{${HASH_LENGTH}}$`);
const MAX_LABEL = 63;

function shortHash(value: string): string {
  return bytesToHex(sha256(utf8ToBytes(value))).slice(0, HASH_LENGTH);
}

/**
 * `verbatim` when `clean` holds, it fits in 63 characters and it does not
 * end like a hash suffix; otherwise `verbatim` cleaned and cut to fit,
 * followed by `-<hash of hashInput>`. A verbatim result never equals a
 * hashed one, so the mapping is one-to-one wherever the verbatim results
 * are (the callers make sure of that) and `hashInput` is.
 */
function uniqueLabel(verbatim: string, clean: boolean, hashInput: string) {
  if (clean && verbatim.length <= MAX_LABEL && !HASH_SUFFIX.test(verbatim)) {
    return verbatim;
  }
  const cleaned = verbatim
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, MAX_LABEL - HASH_LENGTH - 1)
    .replace(/^-+|-+$/g, '');
  const hash = shortHash(hashInput);
  return cleaned ? `${cleaned}-${hash}` : `s-${hash}`;
}

/** The namespace of the Sandbox `name`. @public */
export function sandboxNamespace(
  name: string,
  prefix: string = DEFAULT_SANDBOX_NAMESPACE_PREFIX,
): string {
  // The prefix is one fixed string: a verbatim name is recovered from it.
  return uniqueLabel(`${prefix}${name}`, isDns1123Label(name), name);
}

/**
 * The host of a sandbox endpoint, `<endpoint>-<name>.<baseDomain>`,
 * one-to-one in the pair (sandbox name, endpoint name). The verbatim form is
 * kept only for an endpoint name without `-`: then the first `-` of the host
 * ends the endpoint name, and `api-jane` + `checkout` can never meet `api` +
 * `jane-checkout`. Any other pair is hashed, the hash covering both names.
 *
 * @public
 */
export function sandboxHost(
  name: string,
  endpoint: string,
  baseDomain: string,
): string {
  const clean =
    isDns1123Label(endpoint) && !endpoint.includes('-') && isDns1123Label(name);
  const label = uniqueLabel(
    `${endpoint}-${name}`,
    clean,
    JSON.stringify([endpoint, name]),
  );
  return `${label}.${baseDomain}`;
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
