/**
 * The one rule for names the cluster turns into DNS labels (sandbox names,
 * size and endpoint names, namespaces, hosts). Everything else imports it.
 */

/** RFC 1123 label: lower-case alphanumerics and '-', at most 63 chars. @public */
export const DNS1123_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

const DNS1123_LABEL = new RegExp(DNS1123_LABEL_PATTERN);

/**
 * The longest sandbox name: the operator derives longer names from it
 * (namespace prefix, endpoint hosts), which must stay DNS labels.
 *
 * @public
 */
export const SANDBOX_NAME_MAX_LENGTH = 40;

/** @public */
export const DNS1123_LABEL_RULE =
  'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * True when value is a Kubernetes object name (DNS-1123 subdomain: labels
 * joined by '.', at most 253 characters).
 *
 * @public
 */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** True when value is a DNS-1123 label of at most maxLength characters. @public */
export function isDns1123Label(value: string, maxLength = 63): boolean {
  return value.length <= maxLength && DNS1123_LABEL.test(value);
}

/**
 * What is wrong with a sandbox name, as a rule ("must be at most 40
 * characters"), or undefined when it is fine.
 *
 * @public
 */
export function sandboxNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > SANDBOX_NAME_MAX_LENGTH) {
    return `must be at most ${SANDBOX_NAME_MAX_LENGTH} characters`;
  }
  return DNS1123_LABEL.test(name) ? undefined : DNS1123_LABEL_RULE;
}
