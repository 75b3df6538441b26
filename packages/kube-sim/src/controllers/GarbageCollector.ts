import type { ApiServer } from '../api/ApiServer';
import { StatusError } from '../errors/StatusError';
import type { ObjectLocation } from '../storage/ObjectStore';
import type { KubeObject } from '../types';
import { clone } from '../util/json';
import type { Controller } from './Controller';
import { WorkQueue } from './WorkQueue';

const MANAGER = 'generic-garbage-collector';

/**
 * ownerReference garbage collection: dependents of a deleted owner are
 * deleted (background) or released (orphan); a "foregroundDeletion" owner
 * waits for its dependents; a dependent whose owners do not exist is
 * deleted. Owners may be cluster-scoped (e.g. a cluster-scoped custom
 * resource owning a Namespace).
 */
export class GarbageCollector implements Controller {
  readonly #api: ApiServer;
  readonly #queue: WorkQueue;
  readonly #unsubscribe: () => void;

  constructor(api: ApiServer, delayMs = 0) {
    this.#api = api;
    this.#queue = new WorkQueue(key => this.#process(key));
    this.#unsubscribe = api.store.subscribe(event => {
      const meta = event.object.metadata;
      if (event.type === 'DELETED') {
        this.#queue.add(`owner/${meta.uid}`, delayMs);
        // A dependent of a foreground-deleting owner went away.
        for (const ref of meta.ownerReferences ?? [])
          this.#queue.add(`finalize/${ref.uid}`, delayMs);
        return;
      }
      const finalizers = meta.finalizers ?? [];
      if (
        meta.deletionTimestamp &&
        (finalizers.includes('orphan') ||
          finalizers.includes('foregroundDeletion'))
      ) {
        this.#queue.add(`finalize/${meta.uid}`, delayMs);
      }
      if ((meta.ownerReferences ?? []).length > 0)
        this.#queue.add(`dependent/${meta.uid}`, delayMs);
    });
  }

  #process(key: string): void {
    const slash = key.indexOf('/');
    const action = key.slice(0, slash);
    const uid = key.slice(slash + 1);
    if (action === 'owner') {
      for (const dependent of this.#api.store.dependentsOf(uid))
        this.#collect(dependent, uid);
    } else if (action === 'dependent') {
      const loc = this.#api.store.locate(uid);
      const object =
        loc && this.#api.store.get(loc.key, loc.namespace, loc.name);
      if (!object || object.metadata.deletionTimestamp) return;
      const refs = object.metadata.ownerReferences ?? [];
      if (refs.length > 0 && refs.every(ref => !this.#ownerExists(ref.uid)))
        this.#delete(loc!, object);
    } else if (action === 'finalize') {
      this.#finalize(uid);
    }
  }

  #ownerExists(uid: string): boolean {
    return this.#api.store.locate(uid) !== undefined;
  }

  /** A dependent lost the owner `ownerUid`: delete it, unless other owners remain. */
  #collect(loc: ObjectLocation, ownerUid: string): void {
    const object = this.#api.store.get(loc.key, loc.namespace, loc.name);
    if (!object) return;
    const refs = object.metadata.ownerReferences ?? [];
    const remaining = refs.filter(
      r => r.uid !== ownerUid && this.#ownerExists(r.uid),
    );
    if (remaining.length > 0) {
      this.#patchOwners(
        loc,
        object,
        refs.filter(r => r.uid !== ownerUid),
      );
      return;
    }
    if (!object.metadata.deletionTimestamp) this.#delete(loc, object);
  }

  #finalize(uid: string): void {
    const loc = this.#api.store.locate(uid);
    const owner = loc && this.#api.store.get(loc.key, loc.namespace, loc.name);
    if (!owner || !owner.metadata.deletionTimestamp) return;
    const finalizers = owner.metadata.finalizers ?? [];
    const dependents = this.#api.store.dependentsOf(uid);
    if (finalizers.includes('orphan')) {
      for (const dep of dependents) {
        const object = this.#api.store.get(dep.key, dep.namespace, dep.name);
        if (object)
          this.#patchOwners(
            dep,
            object,
            (object.metadata.ownerReferences ?? []).filter(r => r.uid !== uid),
          );
      }
      this.#removeFinalizer(loc!, owner, 'orphan');
      return;
    }
    if (finalizers.includes('foregroundDeletion')) {
      const live = dependents.filter(d =>
        this.#api.store.get(d.key, d.namespace, d.name),
      );
      for (const dep of live) {
        const object = this.#api.store.get(dep.key, dep.namespace, dep.name)!;
        if (!object.metadata.deletionTimestamp)
          this.#delete(dep, object, 'Foreground');
      }
      if (live.length === 0)
        this.#removeFinalizer(loc!, owner, 'foregroundDeletion');
    }
  }

  #rt(loc: ObjectLocation) {
    return this.#api.registry.versionsOf(loc.key)[0];
  }

  #delete(
    loc: ObjectLocation,
    object: KubeObject,
    policy: 'Background' | 'Foreground' = 'Background',
  ): void {
    const rt = this.#rt(loc);
    if (!rt) return;
    try {
      this.#api.delete(rt, loc.namespace, object.metadata.name!, {
        propagationPolicy: policy,
        preconditions: { uid: object.metadata.uid },
      });
    } catch (error) {
      if (
        !(
          error instanceof StatusError &&
          (error.code === 404 || error.code === 409)
        )
      )
        throw error;
    }
  }

  #patchOwners(
    loc: ObjectLocation,
    object: KubeObject,
    refs: KubeObject['metadata']['ownerReferences'],
  ): void {
    const rt = this.#rt(loc);
    if (!rt) return;
    const next = clone(object);
    if (refs && refs.length > 0) next.metadata.ownerReferences = refs;
    else delete next.metadata.ownerReferences;
    this.#api.update(rt, loc.namespace, loc.name, next, {
      fieldManager: MANAGER,
    });
  }

  #removeFinalizer(
    loc: ObjectLocation,
    object: KubeObject,
    finalizer: string,
  ): void {
    const rt = this.#rt(loc);
    if (!rt) return;
    const next = clone(object);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter(
      f => f !== finalizer,
    );
    this.#api.update(rt, loc.namespace, loc.name, next, {
      fieldManager: MANAGER,
    });
  }

  stop(): void {
    this.#unsubscribe();
    this.#queue.stop();
  }

  clear(): void {
    this.#queue.clear();
  }
}
