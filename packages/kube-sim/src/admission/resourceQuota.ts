import type { ObjectStore } from '../storage/ObjectStore';
import type { KubeObject } from '../types';
import { isObject } from '../util/json';
import { formatQuantity, parseQuantity, Quantity } from './quantity';
import { quotaCovers } from './quotaScopes';
import { podResources } from './resources';

type Obj = Record<string, unknown>;

/** Quota names that count objects of a storage key (core/v1 ResourceName constants). */
const OBJECT_COUNTS: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

/** Compute resources a pod is charged for, and the quota names that cover them. */
const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];

/** The storage key a quota resource name is counted from. */
function sourceOf(resource: string): string | undefined {
  if (resource.startsWith('count/')) {
    const [plural, ...group] = resource.slice('count/'.length).split('.');
    return group.length > 0 ? `${plural}.${group.join('.')}` : plural;
  }
  if (OBJECT_COUNTS[resource]) return OBJECT_COUNTS[resource];
  if (resource.startsWith('services.')) return 'services';
  if (resource === 'requests.storage') return 'persistentvolumeclaims';
  const base = resource.replace(/^(requests|limits)\./, '');
  return COMPUTE.includes(base) ? 'pods' : undefined;
}

function terminal(pod: KubeObject): boolean {
  const phase = isObject(pod.status) ? pod.status.phase : undefined;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * What one object charges to each quota resource it falls under
 * (pkg/quota/v1/evaluator/core): one of its kind, plus a pod's requests
 * and limits (terminal pods are free), a service's node ports and load
 * balancers, a claim's storage request.
 */
export function usageOf(
  key: string,
  object: KubeObject,
  resources: string[],
): Map<string, Quantity> {
  const usage = new Map<string, Quantity>();
  const one = { milli: 1000n, binary: false };
  if (key === 'pods' && terminal(object)) return usage;
  for (const resource of resources) {
    if (sourceOf(resource) !== key) continue;
    if (resource.startsWith('count/') || OBJECT_COUNTS[resource]) {
      usage.set(resource, one);
    } else if (key === 'services') {
      const spec = isObject(object.spec) ? object.spec : {};
      const ports = Array.isArray(spec.ports) ? spec.ports.length : 0;
      if (resource === 'services.loadbalancers' && spec.type === 'LoadBalancer')
        usage.set(resource, one);
      if (
        resource === 'services.nodeports' &&
        ['NodePort', 'LoadBalancer'].includes(String(spec.type))
      )
        usage.set(resource, { milli: BigInt(ports) * 1000n, binary: false });
    } else if (key === 'persistentvolumeclaims') {
      const spec = isObject(object.spec) ? object.spec : {};
      const requests =
        isObject(spec.resources) && isObject((spec.resources as Obj).requests)
          ? ((spec.resources as Obj).requests as Obj)
          : {};
      const q = parseQuantity(requests.storage);
      if (q) usage.set(resource, q);
    } else {
      const kind = resource.startsWith('limits.') ? 'limits' : 'requests';
      const base = resource.replace(/^(requests|limits)\./, '');
      const q = podResources(object, kind).get(base);
      if (q) usage.set(resource, q);
    }
  }
  return usage;
}

/** The quota resources of a ResourceQuota's spec.hard. */
export function hardOf(quota: KubeObject): Obj {
  const spec = isObject(quota.spec) ? quota.spec : {};
  return isObject(spec.hard) ? spec.hard : {};
}

/** What the objects a quota covers in its namespace use of each of its resources, in canonical form. */
export function usedIn(
  store: ObjectStore,
  namespace: string,
  quota: KubeObject,
): Record<string, string> {
  const hard = hardOf(quota);
  const resources = Object.keys(hard);
  const totals = new Map<string, Quantity>();
  const sources = new Set(
    resources.map(sourceOf).filter((s): s is string => !!s),
  );
  for (const key of sources) {
    for (const object of store.list(key, namespace)) {
      if (!quotaCovers(quota, key, object)) continue;
      for (const [r, q] of usageOf(key, object, resources)) {
        const old = totals.get(r);
        totals.set(r, {
          milli: (old?.milli ?? 0n) + q.milli,
          binary: (old?.binary ?? false) || q.binary,
        });
      }
    }
  }
  return Object.fromEntries(
    resources
      .filter(r => sourceOf(r))
      .map(r => {
        const total = totals.get(r);
        const binary = total?.binary || parseQuantity(hard[r])?.binary || false;
        return [r, formatQuantity(total?.milli ?? 0n, binary)];
      }),
  );
}

/** Pod resources every container must declare when a quota limits them (the "must specify" rule). */
function missingCompute(object: KubeObject, hard: Obj): string[] {
  const missing = new Set<string>();
  const spec = isObject(object.spec) ? object.spec : {};
  const containers = [
    ...(Array.isArray(spec.containers) ? spec.containers : []),
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
  ].filter(isObject);
  for (const resource of Object.keys(hard)) {
    const base = resource.replace(/^(requests|limits)\./, '');
    if (!COMPUTE.includes(base) || base === 'ephemeral-storage') continue;
    const kind = resource.startsWith('limits.') ? 'limits' : 'requests';
    for (const c of containers) {
      const resources = isObject(c.resources) ? (c.resources as Obj) : {};
      const list = isObject(resources[kind]) ? (resources[kind] as Obj) : {};
      if (list[base] === undefined) missing.add(resource);
    }
  }
  return [...missing].sort();
}

/**
 * The ResourceQuota admission plugin on a create (plugin/pkg/admission/resourcequota):
 * for each quota of the namespace that covers the object (its scopes), a pod must declare every compute
 * resource the quota limits, and what the new object adds to what the
 * namespace uses may not go over any hard limit. Returns the refusal, or undefined.
 */
export function admitQuota(
  store: ObjectStore,
  key: string,
  namespace: string,
  object: KubeObject,
): string | undefined {
  for (const quota of store.list('resourcequotas', namespace)) {
    const hard = hardOf(quota);
    const name = quota.metadata.name!;
    if (!quotaCovers(quota, key, object)) continue;
    if (key === 'pods' && !terminal(object)) {
      const missing = missingCompute(object, hard);
      if (missing.length > 0)
        return `failed quota: ${name}: must specify ${missing.join(',')}`;
    }
    const requested = usageOf(key, object, Object.keys(hard));
    if (requested.size === 0) continue;
    const used = usedIn(store, namespace, quota);
    const exceeded = [...requested.keys()]
      .filter(r => {
        const limit = parseQuantity(hard[r]);
        const current = parseQuantity(used[r]);
        return (
          limit &&
          (current?.milli ?? 0n) + requested.get(r)!.milli > limit.milli
        );
      })
      .sort();
    if (exceeded.length === 0) continue;
    const list = (value: (r: string) => string) =>
      exceeded.map(r => `${r}=${value(r)}`).join(',');
    return `exceeded quota: ${name}, requested: ${list(r => {
      const q = requested.get(r)!;
      return formatQuantity(q.milli, q.binary);
    })}, used: ${list(r => used[r])}, limited: ${list(r =>
      String(
        parseQuantity(hard[r])
          ? formatQuantity(
              parseQuantity(hard[r])!.milli,
              parseQuantity(hard[r])!.binary,
            )
          : hard[r],
      ),
    )}`;
  }
  return undefined;
}
