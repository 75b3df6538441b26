import type { ResourceRegistry } from '../registry/ResourceRegistry';
import type { ResourceType } from '../registry/ResourceType';

/** The version the simulator reports (kubectl warns on skew beyond one minor). */
export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kube-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(name: string, versions: string[], preferred: string) {
  return {
    name,
    versions: versions.map(v => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: {
      groupVersion: `${name}/${preferred}`,
      version: preferred,
    },
  };
}

export function groupList(registry: ResourceRegistry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .map(g => groupEntry(g.name, g.versions, g.preferredVersion)),
  };
}

export function group(registry: ResourceRegistry, name: string) {
  const found = registry.groups().find(g => g.name === name);
  if (!found) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    ...groupEntry(found.name, found.versions, found.preferredVersion),
  };
}

function resourceEntries(rt: ResourceType) {
  const entries: Record<string, unknown>[] = [
    {
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: rt.verbs,
      ...(rt.shortNames.length ? { shortNames: rt.shortNames } : {}),
      ...(rt.categories.length ? { categories: rt.categories } : {}),
    },
  ];
  if (rt.subresources.status) {
    entries.push({
      name: `${rt.plural}/status`,
      singularName: '',
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: ['get', 'patch', 'update'],
    });
  }
  if (rt.subresources.scale) {
    entries.push({
      name: `${rt.plural}/scale`,
      singularName: '',
      namespaced: rt.namespaced,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
  }
  if (rt.subresources.log) {
    entries.push({
      name: `${rt.plural}/log`,
      singularName: '',
      namespaced: rt.namespaced,
      kind: 'Pod',
      verbs: ['get'],
    });
  }
  if (rt.subresources.token) {
    entries.push({
      name: `${rt.plural}/token`,
      singularName: '',
      namespaced: rt.namespaced,
      group: 'authentication.k8s.io',
      version: 'v1',
      kind: 'TokenRequest',
      verbs: ['create'],
    });
  }
  if (rt.plural === 'namespaces' && !rt.group) {
    entries.push({
      name: 'namespaces/finalize',
      singularName: '',
      namespaced: false,
      kind: 'Namespace',
      verbs: ['update'],
    });
  }
  return entries;
}

export function resourceList(
  registry: ResourceRegistry,
  groupName: string,
  version: string,
) {
  const types = registry.inGroupVersion(groupName, version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupName ? `${groupName}/${version}` : version,
    resources: types.flatMap(resourceEntries),
  };
}
