import type { ResourceType } from '../registry/ResourceType';
import type { KubeObject } from '../types';
import { clone, deepEqual } from '../util/json';

/**
 * True when a write changes what metadata.generation counts: for custom
 * resources everything but metadata (and status, when status is a
 * subresource); for built-ins the spec.
 */
export function generationChanged(
  rt: ResourceType,
  before: KubeObject,
  after: KubeObject,
): boolean {
  if (!rt.tracksGeneration) return false;
  if (!rt.custom) return !deepEqual(before.spec, after.spec);
  const strip = (o: KubeObject) => {
    const { metadata: _m, status, apiVersion: _a, kind: _k, ...rest } = o;
    return rt.subresources.status ? rest : { ...rest, status };
  };
  return !deepEqual(strip(before), strip(after));
}

/** The object without what changes on every write (resourceVersion, managedFields times). */
function comparable(object: KubeObject): KubeObject {
  const copy = clone(object);
  delete copy.metadata.resourceVersion;
  for (const entry of copy.metadata.managedFields ?? []) {
    (entry as { time?: string }).time = undefined;
  }
  return copy;
}

/** True when a write would store nothing new (so no resourceVersion and no event). */
export function isNoOp(before: KubeObject, after: KubeObject): boolean {
  return deepEqual(comparable(before), comparable(after));
}

/** The default field manager the server derives from the User-Agent. */
export function defaultFieldManager(userAgent: string | undefined): string {
  if (!userAgent) return 'unknown';
  return userAgent.split('/')[0] || 'unknown';
}
