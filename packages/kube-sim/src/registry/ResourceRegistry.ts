import { builtinResources } from './builtinResources';
import { ResourceType, storageKey } from './ResourceType';

/** An API group as discovery presents it. */
export interface ServedGroup {
  name: string;
  versions: string[];
  preferredVersion: string;
}

/**
 * The resources the server currently serves: the built-ins plus the kinds of
 * every established CRD. Lookups are by map, never by scan.
 */
export class ResourceRegistry {
  readonly #byPath = new Map<string, ResourceType>();
  readonly #byKind = new Map<string, ResourceType>();
  readonly #byStorageKey = new Map<string, ResourceType[]>();
  readonly #crdResources = new Map<string, ResourceType[]>();

  constructor() {
    for (const rt of builtinResources()) this.#add(rt);
  }

  /** The resource served at /apis/group/version/plural (group '' for core). */
  lookup(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.#byPath.get(`${group}/${version}/${plural}`);
  }

  /** The resource for an apiVersion + kind pair (as found in ownerReferences). */
  lookupKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.#byKind.get(`${apiVersion}/${kind}`);
  }

  /** Every version of a stored resource. */
  versionsOf(key: string): ResourceType[] {
    return this.#byStorageKey.get(key) ?? [];
  }

  /** One resource type per storage key (the first served version). */
  storageResources(): ResourceType[] {
    return [...this.#byStorageKey.values()].map(list => list[0]);
  }

  all(): ResourceType[] {
    return [...this.#byPath.values()];
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter(
      rt => rt.group === group && rt.version === version,
    );
  }

  /** The named API groups (not core), in registration order. */
  groups(): ServedGroup[] {
    const groups = new Map<string, string[]>();
    for (const rt of this.#byPath.values()) {
      if (!rt.group) continue;
      const versions = groups.get(rt.group) ?? [];
      if (!versions.includes(rt.version)) versions.push(rt.version);
      groups.set(rt.group, versions);
    }
    return [...groups.entries()].map(([name, versions]) => ({
      name,
      versions,
      preferredVersion: versions[0],
    }));
  }

  /** Replaces the kinds served for a CRD (by CRD name). */
  setCustomResources(crdName: string, types: ResourceType[]): void {
    this.removeCustomResources(crdName);
    this.#crdResources.set(crdName, types);
    for (const rt of types) this.#add(rt);
  }

  removeCustomResources(crdName: string): void {
    for (const rt of this.#crdResources.get(crdName) ?? []) {
      this.#byPath.delete(`${rt.group}/${rt.version}/${rt.plural}`);
      this.#byKind.delete(`${rt.apiVersion}/${rt.kind}`);
      this.#byStorageKey.delete(storageKey(rt));
    }
    this.#crdResources.delete(crdName);
  }

  #add(rt: ResourceType): void {
    this.#byPath.set(`${rt.group}/${rt.version}/${rt.plural}`, rt);
    this.#byKind.set(`${rt.apiVersion}/${rt.kind}`, rt);
    const key = storageKey(rt);
    const list = this.#byStorageKey.get(key) ?? [];
    list.push(rt);
    this.#byStorageKey.set(key, list);
  }
}
