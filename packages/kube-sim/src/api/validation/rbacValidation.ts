import type { StatusCause } from '../../errors/StatusError';
import type { KubeObject } from '../../types';
import { isObject, objectList } from '../../util/json';
import { dnsSubdomainErrors } from '../../util/names';
import {
  goStringSlice,
  invalidValue,
  notSupported,
  required,
} from './fieldErrors';
import { pathSegmentNameErrors } from './syntaxRules';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

const nonEmpty = (value: unknown) => Array.isArray(value) && value.length > 0;

/**
 * validatePolicyRule (pkg/apis/rbac/validation/validation.go): verbs
 * required; non-resource URLs only in cluster roles and never beside
 * resources; resource rules need API groups and resources.
 */
export function policyRuleCauses(
  object: KubeObject,
  namespaced: boolean,
): StatusCause[] {
  const causes: StatusCause[] = [];
  objectList(object.rules).forEach((rule, i) => {
    const field = `rules[${i}]`;
    if (!nonEmpty(rule.verbs))
      causes.push(
        required(`${field}.verbs`, 'verbs must contain at least one value'),
      );
    if (nonEmpty(rule.nonResourceURLs)) {
      const urls = goStringSlice(rule.nonResourceURLs);
      if (namespaced)
        causes.push(
          invalidValue(
            `${field}.nonResourceURLs`,
            urls,
            'namespaced rules cannot apply to non-resource URLs',
          ),
        );
      if (
        nonEmpty(rule.apiGroups) ||
        nonEmpty(rule.resources) ||
        nonEmpty(rule.resourceNames)
      )
        causes.push(
          invalidValue(
            `${field}.nonResourceURLs`,
            urls,
            'rules cannot apply to both regular resources and non-resource URLs',
          ),
        );
      return;
    }
    if (!nonEmpty(rule.apiGroups))
      causes.push(
        required(
          `${field}.apiGroups`,
          'resource rules must supply at least one api group',
        ),
      );
    if (!nonEmpty(rule.resources))
      causes.push(
        required(
          `${field}.resources`,
          'resource rules must supply at least one resource',
        ),
      );
    if (
      nonEmpty(rule.resourceNames) &&
      (rule.resources as unknown[]).length > 1
    )
      causes.push(
        required(
          `${field}.resourceNames`,
          'resource names cannot apply to multiple resources',
        ),
      );
  });
  return causes;
}

/**
 * ValidateRoleBinding / ValidateClusterRoleBinding: the role reference (its
 * API group and kind defaulted by SetDefaults_RoleRef) and each subject.
 */
export function roleBindingCauses(
  object: KubeObject,
  namespaced: boolean,
): StatusCause[] {
  const causes: StatusCause[] = [];
  const ref = isObject(object.roleRef) ? object.roleRef : {};
  if (ref.apiGroup !== RBAC_GROUP)
    causes.push(
      notSupported('roleRef.apiGroup', String(ref.apiGroup ?? ''), [
        RBAC_GROUP,
      ]),
    );
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(String(ref.kind)))
    causes.push(notSupported('roleRef.kind', String(ref.kind ?? ''), kinds));
  const name = typeof ref.name === 'string' ? ref.name : '';
  if (!name) causes.push(required('roleRef.name'));
  else
    for (const message of pathSegmentNameErrors(name))
      causes.push(invalidValue('roleRef.name', name, message));
  objectList(object.subjects).forEach((subject, i) =>
    causes.push(...subjectCauses(subject, namespaced, `subjects[${i}]`)),
  );
  return causes;
}

/** validateRoleBindingSubject (apiGroup defaulted by SetDefaults_Subject). */
function subjectCauses(
  subject: Record<string, unknown>,
  namespaced: boolean,
  field: string,
): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = typeof subject.name === 'string' ? subject.name : '';
  const apiGroup = typeof subject.apiGroup === 'string' ? subject.apiGroup : '';
  if (!name) causes.push(required(`${field}.name`));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name)
        for (const message of dnsSubdomainErrors(name))
          causes.push(invalidValue(`${field}.name`, name, message));
      if (apiGroup)
        causes.push(notSupported(`${field}.apiGroup`, apiGroup, ['']));
      if (!namespaced && !subject.namespace)
        causes.push(required(`${field}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (!name)
        causes.push(
          invalidValue(
            `${field}.name`,
            name,
            `${String(subject.kind).toLowerCase()} name cannot be empty`,
          ),
        );
      if (apiGroup !== RBAC_GROUP)
        causes.push(notSupported(`${field}.apiGroup`, apiGroup, [RBAC_GROUP]));
      break;
    default:
      causes.push(
        notSupported(`${field}.kind`, String(subject.kind ?? ''), [
          'ServiceAccount',
          'User',
          'Group',
        ]),
      );
  }
  return causes;
}
