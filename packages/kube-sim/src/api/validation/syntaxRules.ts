import type { StatusCause } from '../../errors/StatusError';
import { dnsSubdomainErrors } from '../../util/names';
import { invalidValue } from './fieldErrors';

/*
 * The syntax checks of apimachinery's util/validation/validation.go, with
 * its messages word for word (RegexError, MaxLenError, EmptyError).
 */

function regexError(msg: string, format: string, ...examples: string[]) {
  const shown = examples.map(e => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${shown}regex used for validation is '${format}')`;
}

const maxLenError = (length: number) =>
  `must be no more than ${length} characters`;

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** IsQualifiedName: label keys, annotation keys (`example.com/MyName`). */
export function qualifiedNameErrors(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a qualified name ${regexError(
        QUALIFIED_NAME_MSG,
        QUALIFIED_NAME_FMT,
        'MyName',
        'my.name',
        '123-abc',
      )} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0].length === 0) errors.push('prefix part must be non-empty');
    else
      errors.push(...dnsSubdomainErrors(parts[0]).map(m => `prefix part ${m}`));
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (name.length > 63) errors.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME.test(name)) {
    errors.push(
      `name part ${regexError(
        QUALIFIED_NAME_MSG,
        QUALIFIED_NAME_FMT,
        'MyName',
        'my.name',
        '123-abc',
      )}`,
    );
  }
  return errors;
}

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);

/** IsValidLabelValue. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push(maxLenError(63));
  if (!LABEL_VALUE.test(value)) {
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errors;
}

/** IsValidPortNum: 1-65535. */
export function portNumErrors(port: number): string[] {
  return port >= 1 && port <= 65535
    ? []
    : ['must be between 1 and 65535, inclusive'];
}

/** IsValidPortName: an IANA_SVC_NAME (RFC 6335), lower case only. */
export function portNameErrors(port: string): string[] {
  const errors: string[] = [];
  if (port.length > 15) errors.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port))
    errors.push(
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
  if (!/[a-z]/.test(port))
    errors.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errors.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-'))
    errors.push('must not begin or end with a hyphen');
  return errors;
}

/** IsHTTPHeaderName: Go's net/http field names, a stricter subset of RFC 7230. */
export function httpHeaderNameErrors(value: string): string[] {
  const format = '[-A-Za-z0-9]+';
  return /^[-A-Za-z0-9]+$/.test(value)
    ? []
    : [
        regexError(
          "a valid HTTP header must consist of alphanumeric characters or '-'",
          format,
          'X-Header-Name',
        ),
      ];
}

/**
 * IsRelaxedEnvVarName: what RelaxedEnvironmentVariableValidation allows (beta
 * and on by default since 1.32, pkg/features/kube_features.go), printable
 * ASCII (space included, as Go's unicode.IsPrint) other than '='.
 */
export function relaxedEnvVarNameErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length === 0)
    errors.push('environment variable name must be non-empty');
  if (!/^[\x20-\x3c\x3e-\x7e]*$/.test(value))
    errors.push(
      "a valid environment variable name must consist only of printable ASCII characters other than '='",
    );
  return errors;
}

/** hasChDirPrefix: no '.', '..' or '..'-prefixed keys (they would escape a mount). */
function chDirPrefixErrors(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** IsConfigMapKey: the keys of ConfigMaps and Secrets, and the keys env vars select. */
export function configMapKeyErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push(maxLenError(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(value))
    errors.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        '[-._a-zA-Z0-9]+',
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  return [...errors, ...chDirPrefixErrors(value)];
}

const DNS1123_SUBDOMAIN_FMT =
  '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';

/** IsWildcardDNS1123Subdomain: `*.` then a DNS-1123 subdomain (Ingress hosts). */
export function wildcardDnsSubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push(maxLenError(253));
  if (!new RegExp(`^\\*\\.${DNS1123_SUBDOMAIN_FMT}$`).test(value))
    errors.push(
      regexError(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
        `\\*\\.${DNS1123_SUBDOMAIN_FMT}`,
        '*.example.com',
      ),
    );
  return errors;
}

/** ValidatePortNumOrName: an int-or-string port, a number 1-65535 or an IANA service name. */
export function portNumOrNameCauses(
  port: unknown,
  field: string,
): StatusCause[] {
  if (typeof port === 'number')
    return portNumErrors(port).map(m => invalidValue(field, port, m));
  if (typeof port === 'string')
    return portNameErrors(port).map(m => invalidValue(field, port, m));
  return [];
}

/** IsValidPathSegmentName (apimachinery api/validation/path): names that are one URL path segment. */
export function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%']
    .filter(illegal => name.includes(illegal))
    .map(illegal => `may not contain '${illegal}'`);
}
