import type { StatusCause } from '../errors/StatusError';
import type { KubeObject } from '../types';
import { clone, deepEqual, getPath, isObject } from '../util/json';

type Obj = Record<string, unknown>;

/** The message of apimachinery's ValidateImmutableField. */
const IMMUTABLE = 'field is immutable';

function immutable(field: string, value: unknown): StatusCause {
  return {
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value ?? null)}: ${IMMUTABLE}`,
    field,
  };
}

function forbidden(field: string, detail: string): StatusCause {
  return {
    reason: 'FieldValueForbidden',
    message: `Forbidden: ${detail}`,
    field,
  };
}

function unchanged(
  before: KubeObject,
  next: KubeObject,
  paths: string[],
): StatusCause[] {
  return paths
    .filter(p => !deepEqual(getPath(before, p), getPath(next, p)))
    .map(p => immutable(p, getPath(next, p)));
}

function spec(object: KubeObject): Obj {
  return isObject(object.spec) ? object.spec : {};
}

/** Fields a StatefulSet update may change (apps/validation ValidateStatefulSetUpdate). */
const STATEFULSET_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

function statefulSet(before: KubeObject, next: KubeObject): StatusCause[] {
  const strip = (s: Obj) =>
    Object.fromEntries(
      Object.entries(s).filter(([k]) => !STATEFULSET_MUTABLE.includes(k)),
    );
  if (deepEqual(strip(spec(before)), strip(spec(next)))) return [];
  return [
    forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

/**
 * A Job's pod template is immutable, except the scheduling directives of a
 * suspended Job that has not started (batch/validation ValidateJobSpecUpdate,
 * "mutable scheduling directives").
 */
function job(before: KubeObject, next: KubeObject): StatusCause[] {
  const causes = unchanged(before, next, [
    'spec.selector',
    'spec.completionMode',
    'spec.podFailurePolicy',
    'spec.successPolicy',
  ]);
  const oldCompletions = spec(before).completions;
  if (
    !deepEqual(oldCompletions, spec(next).completions) &&
    spec(next).completionMode !== 'Indexed'
  )
    causes.push(immutable('spec.completions', spec(next).completions));
  const template = (o: KubeObject) => clone(spec(o).template) as Obj;
  const oldTemplate = template(before);
  const newTemplate = template(next);
  const suspended = spec(before).suspend === true;
  if (suspended && isObject(oldTemplate) && isObject(newTemplate)) {
    for (const t of [oldTemplate, newTemplate]) {
      const meta = isObject(t.metadata) ? t.metadata : {};
      delete meta.labels;
      delete meta.annotations;
      const podSpec = isObject(t.spec) ? t.spec : {};
      for (const k of [
        'nodeSelector',
        'tolerations',
        'affinity',
        'schedulingGates',
      ])
        delete podSpec[k];
    }
  }
  if (!deepEqual(oldTemplate, newTemplate))
    causes.push(immutable('spec.template', spec(next).template));
  return causes;
}

/**
 * The fields of a pod an update may change (core/validation
 * ValidatePodUpdate): container images, activeDeadlineSeconds, additional
 * tolerations and terminationGracePeriodSeconds. A binding sets nodeName once.
 */
function pod(
  before: KubeObject,
  next: KubeObject,
  subresource: string | undefined,
): StatusCause[] {
  const munged = clone(spec(next));
  const old = spec(before);
  for (const key of ['containers', 'initContainers']) {
    const oldList = Array.isArray(old[key]) ? (old[key] as Obj[]) : [];
    const newList = Array.isArray(munged[key]) ? (munged[key] as Obj[]) : [];
    if (oldList.length !== newList.length) continue;
    newList.forEach((c, i) => {
      if (isObject(c) && isObject(oldList[i])) c.image = oldList[i].image;
    });
  }
  for (const key of [
    'activeDeadlineSeconds',
    'terminationGracePeriodSeconds',
    'tolerations',
  ]) {
    if (old[key] === undefined) delete munged[key];
    else munged[key] = old[key];
  }
  if (subresource === 'binding' && !old.nodeName) delete munged.nodeName;
  const oldComparable = clone(old);
  if (subresource === 'binding' && !old.nodeName) delete oldComparable.nodeName;
  if (deepEqual(oldComparable, munged)) return [];
  return [
    forbidden(
      'spec',
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ),
  ];
}

/** ConfigMaps and Secrets marked immutable (core/validation ValidateConfigMapUpdate, ValidateSecretUpdate). */
function immutableData(before: KubeObject, next: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  if (before.kind === 'Secret' && !deepEqual(before.type, next.type))
    causes.push(immutable('type', next.type));
  if (before.immutable !== true) return causes;
  if (next.immutable !== true)
    causes.push(
      forbidden('immutable', 'field is immutable when `immutable` is set'),
    );
  for (const field of ['data', 'binaryData']) {
    if (!deepEqual(before[field] ?? {}, next[field] ?? {}))
      causes.push(
        forbidden(field, 'field is immutable when `immutable` is set'),
      );
  }
  return causes;
}

/** A claim's spec may change only in its requests (core/validation ValidatePersistentVolumeClaimUpdate). */
function persistentVolumeClaim(
  before: KubeObject,
  next: KubeObject,
): StatusCause[] {
  const comparable = (o: KubeObject) => {
    const s = clone(spec(o));
    if (isObject(s.resources)) delete s.resources.requests;
    delete s.volumeAttributesClassName;
    return s;
  };
  if (deepEqual(comparable(before), comparable(next))) return [];
  return [
    forbidden(
      'spec',
      'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ),
  ];
}

function service(before: KubeObject, next: KubeObject): StatusCause[] {
  const oldSpec = spec(before);
  const newSpec = spec(next);
  if (oldSpec.type === 'ExternalName' || newSpec.type === 'ExternalName')
    return [];
  return unchanged(before, next, ['spec.clusterIP']).concat(
    deepEqual(oldSpec.clusterIPs, newSpec.clusterIPs)
      ? []
      : [
          {
            reason: 'FieldValueInvalid',
            message: `Invalid value: ${JSON.stringify(
              newSpec.clusterIPs ?? null,
            )}: may not change once set`,
            field: 'spec.clusterIPs[0]',
          },
        ],
  );
}

function roleBinding(before: KubeObject, next: KubeObject): StatusCause[] {
  if (deepEqual(before.roleRef, next.roleRef)) return [];
  return [
    {
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(
        next.roleRef ?? null,
      )}: cannot change roleRef`,
      field: 'roleRef',
    },
  ];
}

/**
 * The causes a real API server gives when an update changes a field that
 * cannot change after creation, for the built-in kinds a template may hold.
 * `before` and `next` are both defaulted, in the stored version.
 */
export function immutableFieldCauses(
  before: KubeObject,
  next: KubeObject,
  subresource?: string,
): StatusCause[] {
  if (subresource === 'status') return [];
  switch (`${before.apiVersion}/${before.kind}`) {
    case 'apps/v1/Deployment':
    case 'apps/v1/ReplicaSet':
    case 'apps/v1/DaemonSet':
      return unchanged(before, next, ['spec.selector']);
    case 'apps/v1/StatefulSet':
      return statefulSet(before, next);
    case 'batch/v1/Job':
      return job(before, next);
    case 'v1/Pod':
      return pod(before, next, subresource);
    case 'v1/ConfigMap':
    case 'v1/Secret':
      return immutableData(before, next);
    case 'v1/PersistentVolumeClaim':
      return persistentVolumeClaim(before, next);
    case 'v1/Service':
      return service(before, next);
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      return roleBinding(before, next);
    default:
      return [];
  }
}
