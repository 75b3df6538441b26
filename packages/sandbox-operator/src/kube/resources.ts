/**
 * The kinds the operator reads and writes, and where the API serves them.
 * Template objects may only use the namespaced kinds listed here: anything
 * else is refused as an unknown kind before anything is applied, which also
 * keeps the operator's RBAC (deploy/rbac.yaml) to a known, short list:
 * change both together.
 */
export interface ResourceType {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** True when a SandboxTemplate may create it. */
  allowedInTemplates: boolean;
}

const types: ResourceType[] = [
  ['v1', 'Namespace', 'namespaces', false, false],
  ['v1', 'ConfigMap', 'configmaps', true, true],
  ['v1', 'Secret', 'secrets', true, true],
  ['v1', 'Service', 'services', true, true],
  ['v1', 'ServiceAccount', 'serviceaccounts', true, true],
  ['v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, true],
  ['v1', 'ResourceQuota', 'resourcequotas', true, false],
  ['v1', 'LimitRange', 'limitranges', true, false],
  ['v1', 'Pod', 'pods', true, false],
  ['apps/v1', 'Deployment', 'deployments', true, true],
  ['apps/v1', 'StatefulSet', 'statefulsets', true, true],
  ['batch/v1', 'Job', 'jobs', true, true],
  ['batch/v1', 'CronJob', 'cronjobs', true, true],
  ['networking.k8s.io/v1', 'Ingress', 'ingresses', true, true],
  ['networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies', true, false],
  // Roles and RoleBindings are left out on purpose: creating them would need
  // the RBAC "escalate" and "bind" verbs, far beyond least privilege.
  ['coordination.k8s.io/v1', 'Lease', 'leases', true, false],
  ['events.k8s.io/v1', 'Event', 'events', true, false],
  ['sandboxkit.dev/v1alpha1', 'Sandbox', 'sandboxes', false, false],
  [
    'sandboxkit.dev/v1alpha1',
    'SandboxTemplate',
    'sandboxtemplates',
    false,
    false,
  ],
  [
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    false,
    false,
  ],
].map(([apiVersion, kind, plural, namespaced, allowedInTemplates]) => ({
  apiVersion: apiVersion as string,
  kind: kind as string,
  plural: plural as string,
  namespaced: namespaced as boolean,
  allowedInTemplates: allowedInTemplates as boolean,
}));

const byKey = new Map(types.map(t => [`${t.apiVersion}/${t.kind}`, t]));

/** The resource type of apiVersion+kind, or undefined when unknown. */
export function findResourceType(
  apiVersion: string,
  kind: string,
): ResourceType | undefined {
  return byKey.get(`${apiVersion}/${kind}`);
}

/** Like findResourceType, for kinds the operator itself uses. */
export function resourceType(apiVersion: string, kind: string): ResourceType {
  const type = findResourceType(apiVersion, kind);
  if (!type) throw new Error(`unknown resource type ${apiVersion} ${kind}`);
  return type;
}

/** The collection path, e.g. /apis/apps/v1/namespaces/x/deployments. */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const base = type.apiVersion.includes('/')
    ? `/apis/${type.apiVersion}`
    : `/api/${type.apiVersion}`;
  const ns = type.namespaced && namespace ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${type.plural}`;
}

/** The object path, e.g. /api/v1/namespaces/x. */
export function objectPath(
  type: ResourceType,
  name: string,
  namespace?: string,
): string {
  return `${collectionPath(type, namespace)}/${encodeURIComponent(name)}`;
}
