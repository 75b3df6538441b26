import type { ResourceRegistry } from '../registry/ResourceRegistry';
import type { ResourceType } from '../registry/ResourceType';

/** A request path under /api or /apis, decoded. */
export type ApiPath =
  | { type: 'apiVersions' }
  | { type: 'groupList' }
  | { type: 'group'; group: string }
  | { type: 'groupVersion'; group: string; version: string }
  | {
      type: 'resource';
      group: string;
      version: string;
      plural: string;
      rt: ResourceType | undefined;
      namespace?: string;
      name?: string;
      subresource?: string;
      legacyWatch: boolean;
    };

/** Decodes /api/v1/namespaces/ns/pods/name/log style paths. */
export function parseApiPath(
  pathname: string,
  registry: ResourceRegistry,
): ApiPath | undefined {
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length === 1) return { type: 'apiVersions' };
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    if (segments.length === 1) return { type: 'groupList' };
    group = segments[1];
    if (segments.length === 2) return { type: 'group', group };
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  if (rest.length === 0) return { type: 'groupVersion', group, version };
  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  const namespacedRt =
    rest[0] === 'namespaces' && rest.length >= 3
      ? registry.lookup(group, version, rest[2])
      : undefined;
  if (namespacedRt && namespacedRt.namespaced) {
    return {
      type: 'resource',
      group,
      version,
      plural: rest[2],
      rt: namespacedRt,
      namespace: rest[1],
      name: rest[3],
      subresource: rest[4],
      legacyWatch,
    };
  }
  return {
    type: 'resource',
    group,
    version,
    plural: rest[0],
    rt: registry.lookup(group, version, rest[0]),
    name: rest[1],
    subresource: rest[2],
    legacyWatch,
  };
}
