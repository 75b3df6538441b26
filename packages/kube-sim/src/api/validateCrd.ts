import { requiredValue, StatusCause } from '../errors/StatusError';
import type { KubeObject } from '../types';
import { isObject } from '../util/json';

/** The checks on a CustomResourceDefinition that keep the served kinds consistent. */
export function validateCrd(crd: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const required = (field: string) => causes.push(requiredValue(field));
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  if (!spec.group) required('spec.group');
  if (!names.plural) required('spec.names.plural');
  if (!names.kind) required('spec.names.kind');
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: "${
        spec.scope ?? ''
      }": supported values: "Cluster", "Namespaced"`,
      field: 'spec.scope',
    });
  }
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0) required('spec.versions');
  if (
    versions.length > 0 &&
    versions.filter(v => isObject(v) && v.storage === true).length !== 1
  ) {
    causes.push({
      reason: 'FieldValueInvalid',
      message:
        'Invalid value: []string{}: must have exactly one version marked as storage version',
      field: 'spec.versions',
    });
  }
  if (
    names.plural &&
    spec.group &&
    crd.metadata.name !== `${names.plural}.${spec.group}`
  ) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${crd.metadata.name}": must be spec.names.plural+"."+spec.group`,
      field: 'metadata.name',
    });
  }
  return causes;
}
