import type { KubeObject, WatchEventType } from '../types';
import { EventHistory, StoreEvent } from './EventHistory';

/** Where a stored object lives. */
export interface ObjectLocation {
  key: string;
  namespace: string;
  name: string;
}

/** A listener of every committed change. */
export type StoreListener = (event: StoreEvent) => void;

/** The persisted form of the store. */
export interface StoreSnapshot {
  resourceVersion: number;
  objects: Array<{ key: string; object: KubeObject }>;
}

const SEP = '\u0000';

/**
 * All objects, keyed resource → namespace → name, with one global
 * resourceVersion counter, a bounded history for watches and indexes by uid
 * and by owner uid for garbage collection. Stored objects are never mutated:
 * every write stores a new object.
 */
export class ObjectStore {
  #resourceVersion = 0;
  readonly #objects = new Map<string, Map<string, Map<string, KubeObject>>>();
  readonly #sortedKeys = new Map<string, string[]>();
  readonly #byUid = new Map<string, ObjectLocation>();
  readonly #dependents = new Map<string, Set<string>>();
  readonly #listeners = new Set<StoreListener>();
  #history: EventHistory;
  readonly #historyLimit: number;

  constructor(historyLimit: number) {
    this.#historyLimit = historyLimit;
    this.#history = new EventHistory(historyLimit);
  }

  get resourceVersion(): number {
    return this.#resourceVersion;
  }

  get history(): EventHistory {
    return this.#history;
  }

  get(key: string, namespace: string, name: string): KubeObject | undefined {
    return this.#objects.get(key)?.get(namespace)?.get(name);
  }

  locate(uid: string): ObjectLocation | undefined {
    return this.#byUid.get(uid);
  }

  getByUid(uid: string): KubeObject | undefined {
    const loc = this.#byUid.get(uid);
    return loc ? this.get(loc.key, loc.namespace, loc.name) : undefined;
  }

  /** Objects whose ownerReferences name the uid. */
  dependentsOf(uid: string): ObjectLocation[] {
    const found: ObjectLocation[] = [];
    for (const entry of this.#dependents.get(uid) ?? []) {
      const [key, namespace, name] = entry.split(SEP);
      found.push({ key, namespace, name });
    }
    return found;
  }

  /** Number of objects of a resource in a namespace ('' = cluster scope), or in all. */
  count(key: string, namespace?: string): number {
    const byNs = this.#objects.get(key);
    if (!byNs) return 0;
    if (namespace !== undefined) return byNs.get(namespace)?.size ?? 0;
    let total = 0;
    for (const names of byNs.values()) total += names.size;
    return total;
  }

  /** Objects of a resource ordered by namespace then name, as etcd returns them. */
  list(key: string, namespace?: string): KubeObject[] {
    const byNs = this.#objects.get(key);
    if (!byNs) return [];
    if (namespace !== undefined) {
      const names = byNs.get(namespace);
      if (!names) return [];
      return [...names.keys()].sort().map(n => names.get(n)!);
    }
    let sorted = this.#sortedKeys.get(key);
    if (!sorted) {
      sorted = [];
      for (const [ns, names] of byNs) {
        for (const name of names.keys()) sorted.push(`${ns}${SEP}${name}`);
      }
      sorted.sort();
      this.#sortedKeys.set(key, sorted);
    }
    return sorted.map(k => {
      const [ns, name] = k.split(SEP);
      return byNs.get(ns)!.get(name)!;
    });
  }

  /** Storage keys that hold at least one object in the namespace. */
  keysInNamespace(namespace: string): string[] {
    const keys: string[] = [];
    for (const [key, byNs] of this.#objects) {
      if ((byNs.get(namespace)?.size ?? 0) > 0) keys.push(key);
    }
    return keys;
  }

  subscribe(listener: StoreListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stores a new or changed object under a fresh resourceVersion. */
  write(key: string, object: KubeObject): KubeObject {
    const namespace = object.metadata.namespace ?? '';
    const name = object.metadata.name!;
    const previous = this.get(key, namespace, name);
    object.metadata.resourceVersion = String(++this.#resourceVersion);
    this.#put(key, namespace, name, object, previous);
    this.#emit(
      previous ? 'MODIFIED' : 'ADDED',
      key,
      namespace,
      object,
      previous,
    );
    return object;
  }

  /** Removes an object; the DELETED event carries a fresh resourceVersion. */
  remove(key: string, namespace: string, name: string): KubeObject | undefined {
    const previous = this.get(key, namespace, name);
    if (!previous) return undefined;
    const deleted: KubeObject = {
      ...previous,
      metadata: {
        ...previous.metadata,
        resourceVersion: String(++this.#resourceVersion),
      },
    };
    const names = this.#objects.get(key)!.get(namespace)!;
    names.delete(name);
    if (names.size === 0) this.#objects.get(key)!.delete(namespace);
    this.#sortedKeys.delete(key);
    this.#unindex(key, namespace, name, previous);
    this.#emit('DELETED', key, namespace, deleted, previous);
    return deleted;
  }

  /**
   * Tells listeners (controllers) about every stored object as if it had just
   * changed, without recording history: used after loading a state file so
   * unfinished work (terminating namespaces, pending pods) resumes.
   */
  resyncListeners(): void {
    for (const [key, byNs] of this.#objects) {
      for (const [namespace, names] of byNs) {
        for (const object of names.values()) {
          const event: StoreEvent = {
            type: 'MODIFIED',
            key,
            namespace,
            object,
            previous: object,
            resourceVersion: this.#resourceVersion,
          };
          for (const listener of this.#listeners) listener(event);
        }
      }
    }
  }

  /** Forgets history so that older resourceVersions answer 410 Expired. */
  compact(): void {
    this.#history.compact(this.#resourceVersion);
  }

  clear(): void {
    this.#objects.clear();
    this.#sortedKeys.clear();
    this.#byUid.clear();
    this.#dependents.clear();
    this.#history = new EventHistory(this.#historyLimit, this.#resourceVersion);
  }

  snapshot(): StoreSnapshot {
    const objects: StoreSnapshot['objects'] = [];
    for (const [key, byNs] of this.#objects) {
      for (const names of byNs.values()) {
        for (const object of names.values()) objects.push({ key, object });
      }
    }
    return { resourceVersion: this.#resourceVersion, objects };
  }

  /** Loads a snapshot without emitting events; history starts after it. */
  load(snapshot: StoreSnapshot): void {
    this.clear();
    for (const { key, object } of snapshot.objects) {
      const namespace = object.metadata.namespace ?? '';
      this.#put(key, namespace, object.metadata.name!, object, undefined);
    }
    this.#resourceVersion = snapshot.resourceVersion;
    this.#history = new EventHistory(this.#historyLimit, this.#resourceVersion);
  }

  #put(
    key: string,
    namespace: string,
    name: string,
    object: KubeObject,
    previous: KubeObject | undefined,
  ): void {
    let byNs = this.#objects.get(key);
    if (!byNs) {
      byNs = new Map();
      this.#objects.set(key, byNs);
    }
    let names = byNs.get(namespace);
    if (!names) {
      names = new Map();
      byNs.set(namespace, names);
    }
    if (!previous) this.#sortedKeys.delete(key);
    names.set(name, object);
    if (previous) this.#unindex(key, namespace, name, previous);
    const entry = `${key}${SEP}${namespace}${SEP}${name}`;
    if (object.metadata.uid) {
      this.#byUid.set(object.metadata.uid, { key, namespace, name });
    }
    for (const ref of object.metadata.ownerReferences ?? []) {
      let set = this.#dependents.get(ref.uid);
      if (!set) {
        set = new Set();
        this.#dependents.set(ref.uid, set);
      }
      set.add(entry);
    }
  }

  #unindex(
    key: string,
    namespace: string,
    name: string,
    previous: KubeObject,
  ): void {
    const entry = `${key}${SEP}${namespace}${SEP}${name}`;
    if (previous.metadata.uid) this.#byUid.delete(previous.metadata.uid);
    for (const ref of previous.metadata.ownerReferences ?? []) {
      const set = this.#dependents.get(ref.uid);
      set?.delete(entry);
      if (set && set.size === 0) this.#dependents.delete(ref.uid);
    }
  }

  #emit(
    type: WatchEventType,
    key: string,
    namespace: string,
    object: KubeObject,
    previous: KubeObject | undefined,
  ): void {
    const event: StoreEvent = {
      type,
      key,
      namespace,
      object,
      previous,
      resourceVersion: this.#resourceVersion,
    };
    this.#history.append(event);
    for (const listener of this.#listeners) listener(event);
  }
}
