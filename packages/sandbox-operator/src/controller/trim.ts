import { ObjectMeta } from '@internal/plugin-sandboxes-common';
import { SANDBOX_API_GROUP } from '../api';
import { KubeObject, KubeObjectLike } from '../kube/types';

/**
 * Informer transforms: the caches keep only what the reconciler reads, so
 * 10,000 sandboxes and their children fit in the operator's memory budget.
 */

function trimMeta(meta: ObjectMeta, keepAnnotations: boolean): ObjectMeta {
  const out: ObjectMeta = {
    name: meta.name,
    namespace: meta.namespace,
    uid: meta.uid,
    resourceVersion: meta.resourceVersion,
    generation: meta.generation,
    creationTimestamp: meta.creationTimestamp,
    deletionTimestamp: meta.deletionTimestamp,
    labels: meta.labels,
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
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: trimMeta(object.metadata, true),
  };
}

/** Deployments, StatefulSets, Jobs: replicas and status. */
export function trimChild(object: KubeObject): KubeObject {
  const spec = object.spec as { replicas?: number } | undefined;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: trimMeta(object.metadata, true),
    spec: spec?.replicas !== undefined ? { replicas: spec.replicas } : {},
    status: object.status,
  };
}
