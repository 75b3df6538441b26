import type { StatusCause } from '../../errors/StatusError';
import { isObject, objectList } from '../../util/json';
import { dnsSubdomainErrors } from '../../util/names';
import { invalidValue, notSupported, required } from './fieldErrors';
import {
  configMapKeyErrors,
  qualifiedNameErrors,
  relaxedEnvVarNameErrors,
} from './syntaxRules';

type Obj = Record<string, unknown>;

/** validEnvDownwardAPIFieldPathExpressions, sorted as sets.List prints them. */
const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

/** Labels ConvertDownwardAPIFieldLabel (pkg/apis/core/pods/helpers.go) converts but env may not use. */
const CONVERTIBLE_ONLY = [
  'metadata.annotations',
  'metadata.labels',
  'spec.restartPolicy',
  'spec.schedulerName',
  'status.phase',
];

/** The cause of a list entry that sets more than one of its exclusive sources. */
const tooManySources = (field: string) =>
  invalidValue(
    field,
    '',
    'may not have more than one field specified at a time',
  );

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['app']` → path and key. */
function subscripted(fieldPath: string): [string, string] | undefined {
  const match = /^(.+?)\['(.*)'\]$/.exec(fieldPath);
  return match ? [match[1], match[2]] : undefined;
}

/** validateObjectFieldSelector with the env var expressions (apiVersion defaults to v1). */
function fieldRefCauses(ref: Obj, field: string): StatusCause[] {
  if (!ref.apiVersion) return [required(`${field}.apiVersion`)];
  if (typeof ref.fieldPath !== 'string' || !ref.fieldPath)
    return [required(`${field}.fieldPath`)];
  const fieldPath = ref.fieldPath;
  const converted = (message: string) => [
    invalidValue(
      `${field}.fieldPath`,
      fieldPath,
      `error converting fieldPath: ${message}`,
    ),
  ];
  if (ref.apiVersion !== 'v1')
    return converted(`unsupported pod version: ${ref.apiVersion}`);
  const parts = subscripted(fieldPath);
  if (parts) {
    const [path, key] = parts;
    if (path === 'metadata.labels')
      return qualifiedNameErrors(key).map(m => invalidValue(field, key, m));
    if (path === 'metadata.annotations')
      return qualifiedNameErrors(key.toLowerCase()).map(m =>
        invalidValue(field, key.toLowerCase(), m),
      );
    return converted(`field label does not support subscript: ${fieldPath}`);
  }
  if (ENV_FIELD_PATHS.includes(fieldPath)) return [];
  if (CONVERTIBLE_ONLY.includes(fieldPath))
    return [notSupported(`${field}.fieldPath`, fieldPath, ENV_FIELD_PATHS)];
  return converted(`field label not supported: ${fieldPath}`);
}

/** validateConfigMapKeySelector / validateSecretKeySelector: a Secret-style name, a config key. */
function keySelectorCauses(ref: Obj, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = typeof ref.name === 'string' ? ref.name : '';
  for (const message of dnsSubdomainErrors(name))
    causes.push(invalidValue(`${field}.name`, name, message));
  if (typeof ref.key !== 'string' || !ref.key)
    causes.push(required(`${field}.key`));
  else
    for (const message of configMapKeyErrors(ref.key))
      causes.push(invalidValue(`${field}.key`, ref.key, message));
  return causes;
}

/**
 * validateEnvVarValueFrom: exactly one source, and no `value` beside it.
 * resourceFieldRef's resource and divisor are not checked.
 */
function valueFromCauses(env: Obj, field: string): StatusCause[] {
  if (!isObject(env.valueFrom)) return [];
  const from = env.valueFrom;
  const causes: StatusCause[] = [];
  let sources = 0;
  if (isObject(from.fieldRef)) {
    sources++;
    causes.push(...fieldRefCauses(from.fieldRef, `${field}.fieldRef`));
  }
  if (isObject(from.resourceFieldRef)) sources++;
  for (const kind of ['configMapKeyRef', 'secretKeyRef']) {
    if (!isObject(from[kind])) continue;
    sources++;
    causes.push(...keySelectorCauses(from[kind], `${field}.${kind}`));
  }
  if (sources === 0)
    causes.push(
      invalidValue(
        field,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  else if (typeof env.value === 'string' && env.value.length > 0)
    causes.push(
      invalidValue(field, '', 'may not be specified when `value` is not empty'),
    );
  else if (sources > 1) causes.push(tooManySources(field));
  return causes;
}

/**
 * ValidateEnv with RelaxedEnvironmentVariableValidation on, its default in
 * the 1.32 kube-sim reports and in 1.33 (beta since 1.32): any printable
 * ASCII name but '=' (1.30 and 1.31 still required a C-identifier-like name).
 */
export function envCauses(env: unknown, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  objectList(env).forEach((variable, i) => {
    const path = `${field}[${i}]`;
    const name = typeof variable.name === 'string' ? variable.name : '';
    if (!name) causes.push(required(`${path}.name`));
    else
      for (const message of relaxedEnvVarNameErrors(name))
        causes.push(invalidValue(`${path}.name`, name, message));
    causes.push(...valueFromCauses(variable, `${path}.valueFrom`));
  });
  return causes;
}

/** ValidateEnvFrom: a relaxed-name prefix, exactly one of configMapRef and secretRef. */
export function envFromCauses(envFrom: unknown, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  objectList(envFrom).forEach((source, i) => {
    const path = `${field}[${i}]`;
    if (typeof source.prefix === 'string' && source.prefix)
      for (const message of relaxedEnvVarNameErrors(source.prefix))
        causes.push(invalidValue(`${path}.prefix`, source.prefix, message));
    let sources = 0;
    for (const kind of ['configMapRef', 'secretRef']) {
      const ref = source[kind];
      if (!isObject(ref)) continue;
      sources++;
      const name = typeof ref.name === 'string' ? ref.name : '';
      if (!name) causes.push(required(`${path}.${kind}.name`));
      // ValidateConfigMapName / ValidateSecretName with prefix=true, whose
      // maskTrailingDash replaces the last two characters by 'a' when the name ends in '-'.
      else
        for (const message of dnsSubdomainErrors(
          name.length > 1 && name.endsWith('-')
            ? `${name.slice(0, -2)}a`
            : name,
        ))
          causes.push(invalidValue(`${path}.${kind}.name`, name, message));
    }
    // Upstream reports these at the list, not the item.
    if (sources === 0)
      causes.push(
        invalidValue(
          field,
          '',
          'must specify one of: `configMapRef` or `secretRef`',
        ),
      );
    else if (sources > 1) causes.push(tooManySources(field));
  });
  return causes;
}
