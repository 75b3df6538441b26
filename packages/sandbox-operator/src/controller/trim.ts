import {
  ObjectMeta,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SANDBOX_API_GROUP } from '../api';
import { KubeObject, KubeObjectLike } from '../kube/types';
import { WorkloadStatus } from './workloads';

/**
 * Informer transforms: the caches keep only what the reconciler reads, so
 * 10,000 sandboxes and their children fit in the operator's memory budget.
 */

function internValues(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) out[key] = intern(value);
  return out;
}

function trimMeta(meta: ObjectMeta, keepAnnotations: boolean): ObjectMeta {
  const out: ObjectMeta = {
    name: meta.name,
    namespace: meta.namespace,
    uid: meta.uid,
    resourceVersion: meta.resourceVersion,
    generation: meta.generation,
    creationTimestamp: meta.creationTimestamp,
    deletionTimestamp: meta.deletionTimestamp,
    labels: meta.labels && internValues(meta.labels),
    finalizers: meta.finalizers,
    ownerReferences: meta.ownerReferences,
  };
  if (keepAnnotations && meta.annotations) {
    // Only the operator's own annotations are read back.
    const ours = Object.entries(meta.annotations).filter(([k]) =>
      k.startsWith(`${SANDBOX_API_GROUP}/`),
    );
    if (ours.length) out.annotations = Object.fromEntries(ours);
  }
  for (const key of Object.keys(out) as Array<keyof ObjectMeta>) {
    if (out[key] === undefined) delete out[key];
  }
  return out;
}

/** Sandboxes and templates: everything except managedFields and kubectl's copy of the object. */
export function trimResource<T extends KubeObjectLike>(object: T): T {
  const meta = object.metadata as ObjectMeta & { managedFields?: unknown };
  const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
  if (!meta.managedFields && !meta.annotations?.[lastApplied]) return object;
  const { managedFields: _dropped, ...metadata } = meta;
  if (metadata.annotations?.[lastApplied]) {
    const { [lastApplied]: _copy, ...annotations } = metadata.annotations;
    metadata.annotations = annotations;
  }
  return { ...object, metadata };
}

/** Namespaces: identity, owner, labels and the operator's annotations. */
export function trimNamespace(object: KubeObject): KubeObject {
  const trimmed: KubeObject = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: trimMeta(object.metadata, true),
  };
  // A Terminating namespace's conditions say what holds its deletion up.
  const conditions = (
    object.status as { conditions?: Array<{ type: string }> } | undefined
  )?.conditions?.filter(c => c.type.startsWith('NamespaceDeletion'));
  if (object.metadata.deletionTimestamp && conditions?.length) {
    trimmed.status = { conditions };
  }
  return trimmed;
}

/**
 * Repeated strings (condition types, reasons, messages, template names) are
 * shared: JSON parsing gives every object its own copies, and across 10,000
 * sandboxes those copies are most of the cache.
 */
const interned = new Map<string, string>();
function intern(value: string): string;
function intern(value: string | undefined): string | undefined;
function intern(value: string | undefined): string | undefined {
  if (value === undefined || value.length > 512) return value;
  const known = interned.get(value);
  if (known !== undefined) return known;
  if (interned.size < 100_000) interned.set(value, value);
  return value;
}

/** Sandboxes: as trimResource, with their repeated strings shared. */
export function trimSandbox(sandbox: SandboxResource): SandboxResource {
  const trimmed = trimResource(sandbox);
  trimmed.spec.templateRef = { name: intern(trimmed.spec.templateRef.name) };
  trimmed.spec.owner = intern(trimmed.spec.owner);
  const status = trimmed.status;
  if (status) {
    if (status.conditions) {
      status.conditions = status.conditions.map(c => ({
        ...c,
        type: intern(c.type),
        status: intern(c.status) as typeof c.status,
        reason: intern(c.reason),
        message: intern(c.message),
        lastTransitionTime: intern(c.lastTransitionTime),
      }));
    }
    if (status.components) {
      status.components = status.components.map(c => ({
        ...c,
        name: intern(c.name),
        kind: intern(c.kind),
      }));
    }
  }
  return trimmed;
}

/** Deployments, StatefulSets, Jobs: replicas and the status fields readiness reads. */
export function trimChild(object: KubeObject): KubeObject {
  const spec = object.spec as { replicas?: number } | undefined;
  const status = (object.status ?? {}) as WorkloadStatus;
  const kept: WorkloadStatus = {
    observedGeneration: status.observedGeneration,
    replicas: status.replicas,
    readyReplicas: status.readyReplicas,
    updatedReplicas: status.updatedReplicas,
    availableReplicas: status.availableReplicas,
    succeeded: status.succeeded,
    failed: status.failed,
    // Only a ReplicaFailure keeps its words: the Ready condition quotes
    // them (a quota refusing the pods); it is rare, so the cache stays small.
    conditions: status.conditions?.map(c =>
      c.type === 'ReplicaFailure' && c.status === 'True'
        ? {
            type: intern(c.type),
            status: intern(c.status),
            reason: intern(c.reason),
            message: c.message,
          }
        : { type: intern(c.type), status: intern(c.status) },
    ),
  };
  for (const key of Object.keys(kept) as Array<keyof WorkloadStatus>) {
    if (kept[key] === undefined) delete kept[key];
  }
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: trimMeta(object.metadata, true),
    spec: spec?.replicas !== undefined ? { replicas: spec.replicas } : {},
    status: kept,
  };
}

/** Staging Secrets: identity, owners and the values, nothing else. */
export function trimStagingSecret(object: KubeObject): KubeObject {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: trimMeta(object.metadata, false),
    data: object.data ?? {},
  };
}
