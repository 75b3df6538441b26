import { createHash } from 'node:crypto';
import type { ApiServer } from '../api/ApiServer';
import { StatusError } from '../errors/StatusError';
import type { ResourceType } from '../registry/ResourceType';
import type { KubeObject, OwnerReference } from '../types';
import { clone, deepEqual, isObject } from '../util/json';
import { nowTimestamp } from '../util/time';

type Obj = Record<string, unknown>;

/** The controller ownerReference pointing at an object. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion!,
    kind: owner.kind!,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The uid of an object's controller, if any. */
export function controllerUid(object: KubeObject): string | undefined {
  return (object.metadata.ownerReferences ?? []).find(r => r.controller)?.uid;
}

/** The objects of a resource whose controller is `owner`. */
export function ownedBy(
  api: ApiServer,
  owner: KubeObject,
  storageKey: string,
): KubeObject[] {
  const uid = owner.metadata.uid!;
  return api.store
    .dependentsOf(uid)
    .filter(loc => loc.key === storageKey)
    .map(loc => api.store.get(loc.key, loc.namespace, loc.name))
    .filter(
      (o): o is KubeObject => o !== undefined && controllerUid(o) === uid,
    );
}

/** A short stable hash of a pod template (the pod-template-hash label). */
export function templateHash(template: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(template ?? {}))
    .digest('hex')
    .slice(0, 10)
    .replace(/[0-9]/g, d => 'bcdfghjklm'[Number(d)]);
}

/** A pod built from a workload's template. */
export function podFromTemplate(
  template: unknown,
  name: string,
  owner: KubeObject,
  extraLabels: Record<string, string>,
): KubeObject {
  const t = (isObject(template) ? clone(template) : {}) as Obj;
  const meta = (isObject(t.metadata) ? t.metadata : {}) as Obj;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: {
        ...((meta.labels as Record<string, string>) ?? {}),
        ...extraLabels,
      },
      annotations: (meta.annotations as Record<string, string>) ?? undefined,
      ownerReferences: [controllerRef(owner)],
    },
    spec: isObject(t.spec) ? t.spec : {},
  };
}

/** True when a pod is Ready. */
export function podReady(pod: KubeObject): boolean {
  const conditions = (
    isObject(pod.status) && Array.isArray(pod.status.conditions)
      ? pod.status.conditions
      : []
  ) as Obj[];
  return conditions.some(c => c.type === 'Ready' && c.status === 'True');
}

export function podPhase(pod: KubeObject): string {
  return isObject(pod.status)
    ? String(pod.status.phase ?? 'Pending')
    : 'Pending';
}

/**
 * Creates an object, ignoring "already exists" and a missing namespace.
 * Returns the refusal of a 403 (a terminating namespace, a quota, a
 * LimitRange) for the caller to report, as a controller does.
 */
export function createQuietly(
  api: ApiServer,
  rt: ResourceType,
  namespace: string,
  body: KubeObject,
  manager: string,
): StatusError | undefined {
  try {
    api.create(rt, namespace, body, { fieldManager: manager });
  } catch (error) {
    if (error instanceof StatusError && error.code === 403) return error;
    if (!(error instanceof StatusError && [404, 409].includes(error.code)))
      throw error;
  }
  return undefined;
}

/**
 * Records a core/v1 Event about an object, as client-go's event recorder
 * does: a repeat of the same reason about the same object (messages
 * differ only in the generated pod name) bumps count and lastTimestamp
 * of the existing event, with the latest message, instead of piling up.
 */
export function recordEvent(
  api: ApiServer,
  involved: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component: string,
): void {
  const rt = api.registry.lookup('', 'v1', 'events')!;
  const namespace = involved.metadata.namespace ?? 'default';
  const now = nowTimestamp();
  const existing = api.store
    .list('events', namespace)
    .find(
      e =>
        isObject(e.involvedObject) &&
        e.involvedObject.uid === involved.metadata.uid &&
        e.reason === reason &&
        e.type === type,
    );
  if (existing) {
    api.update(
      rt,
      namespace,
      existing.metadata.name!,
      {
        ...clone(existing),
        count: Number(existing.count ?? 1) + 1,
        message,
        lastTimestamp: now,
      },
      { fieldManager: component },
    );
    return;
  }
  const suffix = createHash('sha256')
    .update(`${involved.metadata.uid}${reason}${message}${now}`)
    .digest('hex')
    .slice(0, 16);
  api.create(
    rt,
    namespace,
    {
      metadata: { name: `${involved.metadata.name}.${suffix}` },
      involvedObject: {
        apiVersion: involved.apiVersion,
        kind: involved.kind,
        name: involved.metadata.name,
        namespace: involved.metadata.namespace,
        uid: involved.metadata.uid,
        resourceVersion: involved.metadata.resourceVersion,
      },
      type,
      reason,
      message,
      source: { component },
      reportingComponent: component,
      reportingInstance: '',
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    },
    { fieldManager: component },
  );
}

/** Deletes an object, ignoring "not found". */
export function deleteQuietly(
  api: ApiServer,
  rt: ResourceType,
  object: KubeObject,
): void {
  try {
    api.delete(rt, object.metadata.namespace ?? '', object.metadata.name!, {
      propagationPolicy: 'Background',
    });
  } catch (error) {
    if (!(error instanceof StatusError && error.code === 404)) throw error;
  }
}

/** Writes status when it changed. */
export function writeStatus(
  api: ApiServer,
  rt: ResourceType,
  object: KubeObject,
  status: Obj,
  manager: string,
): void {
  if (deepEqual(object.status, status)) return;
  api.update(
    rt,
    object.metadata.namespace ?? '',
    object.metadata.name!,
    { ...clone(object), status },
    { fieldManager: manager },
    'status',
  );
}

/** A condition that keeps its lastTransitionTime while its status does not change. */
export function condition(
  previous: unknown,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  extra: Obj = {},
): Obj {
  const list = (
    isObject(previous) && Array.isArray(previous.conditions)
      ? previous.conditions
      : []
  ) as Obj[];
  const old = list.find(c => c.type === type);
  const changed = !old || old.status !== status;
  const time = changed ? nowTimestamp() : old.lastTransitionTime;
  return { type, status, ...extra, lastTransitionTime: time, reason, message };
}
