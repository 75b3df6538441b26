import type { StatusCause } from '../../errors/StatusError';
import { labelSelectorFromObject } from '../../selectors/labelSelector';
import type { KubeObject } from '../../types';
import { getPath, isObject } from '../../util/json';
import { GoLiteral, goStringMap, invalidValue } from './fieldErrors';
import { serviceCauses } from './serviceValidation';
import { labelSelectorCauses, objectMetaCauses } from './metadataValidation';
import { ingressCauses } from './ingressValidation';
import { podSpecCauses } from './podSpecValidation';
import { policyRuleCauses, roleBindingCauses } from './rbacValidation';

type Obj = Record<string, unknown>;

/** Go's %#v of a *metav1.LabelSelector as validation prints it (dereferenced). */
function goSelector(selector: Obj): GoLiteral {
  const labels = goStringMap(selector.matchLabels).text;
  const expressions = Array.isArray(selector.matchExpressions)
    ? '[]v1.LabelSelectorRequirement{}'
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoLiteral(
    `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${expressions}}`,
  );
}

/**
 * A workload's selector and template (apps/validation ValidateDeploymentSpec,
 * ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec and
 * ValidatePodTemplateSpecForReplicaSet): the selector's syntax, not empty,
 * and matching the template's labels; then the template's metadata and pod spec.
 */
function workloadCauses(
  object: KubeObject,
  emptyMessage: string,
): StatusCause[] {
  const spec = isObject(object.spec) ? object.spec : {};
  const template = isObject(spec.template) ? spec.template : {};
  const templateLabels = getPath(template, 'metadata.labels');
  const causes: StatusCause[] = [];
  if (isObject(spec.selector)) {
    const selector = spec.selector;
    causes.push(...labelSelectorCauses(selector, 'spec.selector'));
    const terms =
      Object.keys(isObject(selector.matchLabels) ? selector.matchLabels : {})
        .length +
      (Array.isArray(selector.matchExpressions)
        ? selector.matchExpressions.length
        : 0);
    if (terms === 0) {
      causes.push(
        invalidValue('spec.selector', goSelector(selector), emptyMessage),
      );
    } else if (
      causes.length === 0 &&
      !labelSelectorFromObject(selector)(
        isObject(templateLabels)
          ? (templateLabels as Record<string, string>)
          : {},
      )
    ) {
      causes.push(
        invalidValue(
          'spec.template.metadata.labels',
          goStringMap(templateLabels),
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  causes.push(...objectMetaCauses(template.metadata, 'spec.template.metadata'));
  causes.push(...podSpecCauses(template.spec, 'spec.template.spec'));
  return causes;
}

/** Job (batch/validation validateJobSpec): the template's metadata and pod spec; the selector is generated. */
function templateCauses(template: unknown, field: string): StatusCause[] {
  if (!isObject(template)) return [];
  return [
    ...objectMetaCauses(template.metadata, `${field}.metadata`),
    ...podSpecCauses(template.spec, `${field}.spec`),
  ];
}

/**
 * The checks of Kubernetes' validation.go that the OpenAPI schema cannot
 * express, for the kinds templates contain; the metadata checks hold for every
 * object, custom resources included (ValidateObjectMeta).
 */
export function semanticCauses(object: KubeObject): StatusCause[] {
  const causes = objectMetaCauses(object.metadata, 'metadata');
  switch (`${object.apiVersion}/${object.kind}`) {
    case 'apps/v1/Deployment':
      return [
        ...causes,
        ...workloadCauses(object, 'empty selector is invalid for deployment'),
      ];
    case 'apps/v1/ReplicaSet':
      return [
        ...causes,
        ...workloadCauses(object, 'empty selector is invalid for deployment'),
      ];
    case 'apps/v1/StatefulSet':
      return [
        ...causes,
        ...workloadCauses(object, 'empty selector is invalid for statefulset'),
      ];
    case 'apps/v1/DaemonSet':
      return [
        ...causes,
        ...workloadCauses(object, 'empty selector is invalid for daemonset'),
      ];
    case 'batch/v1/Job':
      return [
        ...causes,
        ...templateCauses(getPath(object, 'spec.template'), 'spec.template'),
      ];
    case 'batch/v1/CronJob':
      return [
        ...causes,
        ...templateCauses(
          getPath(object, 'spec.jobTemplate.spec.template'),
          'spec.jobTemplate.spec.template',
        ),
      ];
    case 'v1/Pod':
      return [...causes, ...podSpecCauses(object.spec, 'spec')];
    case 'v1/Service':
      return [...causes, ...serviceCauses(object.spec)];
    case 'networking.k8s.io/v1/Ingress':
      return [...causes, ...ingressCauses(object.spec)];
    case 'rbac.authorization.k8s.io/v1/Role':
      return [...causes, ...policyRuleCauses(object, true)];
    case 'rbac.authorization.k8s.io/v1/ClusterRole':
      return [...causes, ...policyRuleCauses(object, false)];
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
      return [...causes, ...roleBindingCauses(object, true)];
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      return [...causes, ...roleBindingCauses(object, false)];
    default:
      return causes;
  }
}

/**
 * The schema's generic Required/Unsupported causes beside validation.go's
 * own: the server has only the latter (built-in kinds are not validated
 * against their OpenAPI schema there), so a field both name keeps the
 * validation.go wording.
 */
export function withSemanticCauses(
  schemaCauses: StatusCause[],
  semantic: StatusCause[],
): StatusCause[] {
  if (semantic.length === 0) return schemaCauses;
  const named = new Set(semantic.map(c => `${c.reason} ${c.field}`));
  return [
    ...schemaCauses.filter(c => !named.has(`${c.reason} ${c.field}`)),
    ...semantic,
  ];
}
