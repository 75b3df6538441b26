import type { ApiServer } from '../api/ApiServer';
import { crdResourceTypes } from '../registry/crdResourceTypes';
import { storageKey } from '../registry/ResourceType';
import type { KubeObject } from '../types';
import { clone, deepEqual, isObject } from '../util/json';
import { nowTimestamp } from '../util/time';
import type { Controller } from './Controller';
import { WorkQueue } from './WorkQueue';

const CRD_KEY = 'customresourcedefinitions.apiextensions.k8s.io';
const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
const MANAGER = 'kube-apiserver';

/**
 * Serves the kinds of CustomResourceDefinitions: registers them as soon as
 * the CRD is stored, reports NamesAccepted/Established, and on deletion
 * removes every custom object before the CRD goes away.
 */
export class CrdController implements Controller {
  readonly #api: ApiServer;
  readonly #queue: WorkQueue;
  readonly #unsubscribe: () => void;

  constructor(api: ApiServer) {
    this.#api = api;
    this.#queue = new WorkQueue(name => this.#reconcile(name));
    this.#unsubscribe = api.store.subscribe(event => {
      if (event.key === CRD_KEY) {
        const name = event.object.metadata.name!;
        if (event.type === 'DELETED') api.registry.removeCustomResources(name);
        else {
          api.registry.setCustomResources(name, crdResourceTypes(event.object));
          this.#queue.add(name);
        }
        return;
      }
      // A custom object went away: a terminating CRD may be able to finish.
      if (
        event.type === 'DELETED' &&
        event.key.includes('.') &&
        api.registry.versionsOf(event.key)[0]?.custom
      ) {
        this.#queue.add(event.key, 0);
      }
    });
  }

  /** Registers the kinds of CRDs loaded from a state file (no events are emitted on load). */
  registerStored(): void {
    for (const crd of this.#api.store.list(CRD_KEY)) {
      this.#api.registry.setCustomResources(
        crd.metadata.name!,
        crdResourceTypes(crd),
      );
    }
  }

  #reconcile(name: string): void {
    const crdRt = this.#api.registry.lookup(
      'apiextensions.k8s.io',
      'v1',
      'customresourcedefinitions',
    )!;
    const crd = this.#api.find(crdRt, '', name);
    if (!crd) return;
    if (crd.metadata.deletionTimestamp) {
      this.#terminate(crd);
      return;
    }
    if (!(crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) {
      const next = clone(crd);
      next.metadata.finalizers = [
        ...(next.metadata.finalizers ?? []),
        CLEANUP_FINALIZER,
      ];
      this.#api.update(crdRt, '', name, next, { fieldManager: MANAGER });
      this.#queue.add(name);
      return;
    }
    const status = this.#desiredStatus(crd);
    if (!deepEqual(status, crd.status)) {
      this.#api.update(
        crdRt,
        '',
        name,
        { ...clone(crd), status },
        { fieldManager: MANAGER },
        'status',
      );
    }
  }

  #desiredStatus(crd: KubeObject) {
    const spec = crd.spec as {
      names: Record<string, unknown>;
      versions: Array<{ name: string; storage?: boolean }>;
    };
    const previous = isObject(crd.status) ? crd.status : {};
    const previousConditions = Array.isArray(previous.conditions)
      ? previous.conditions
      : [];
    const condition = (type: string, reason: string, message: string) => {
      const old = previousConditions.find(
        c => isObject(c) && c.type === type,
      ) as Record<string, unknown> | undefined;
      return {
        type,
        status: 'True',
        reason,
        message,
        lastTransitionTime:
          old?.status === 'True' ? old.lastTransitionTime : nowTimestamp(),
      };
    };
    const stored = new Set<string>(
      Array.isArray(previous.storedVersions)
        ? (previous.storedVersions as string[])
        : [],
    );
    for (const v of spec.versions) if (v.storage) stored.add(v.name);
    return {
      conditions: [
        condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
        condition(
          'Established',
          'InitialNamesAccepted',
          'the initial names have been accepted',
        ),
      ],
      acceptedNames: {
        ...spec.names,
        singular: spec.names.singular ?? String(spec.names.kind).toLowerCase(),
      },
      storedVersions: [...stored],
    };
  }

  #terminate(crd: KubeObject): void {
    const name = crd.metadata.name!;
    const types = this.#api.registry.versionsOf(
      storageKey({
        group: String((crd.spec as { group: string }).group),
        plural: String(
          (crd.spec as { names: { plural: string } }).names.plural,
        ),
      }),
    );
    const rt = types[0];
    if (rt) {
      const remaining = this.#api.store.list(storageKey(rt));
      for (const object of remaining) {
        if (!object.metadata.deletionTimestamp) {
          this.#api.delete(
            rt,
            object.metadata.namespace ?? '',
            object.metadata.name!,
          );
        }
      }
      if (this.#api.store.count(storageKey(rt)) > 0) return;
    }
    const crdRt = this.#api.registry.lookup(
      'apiextensions.k8s.io',
      'v1',
      'customresourcedefinitions',
    )!;
    const next = clone(crd);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter(
      f => f !== CLEANUP_FINALIZER,
    );
    this.#api.update(crdRt, '', name, next, { fieldManager: MANAGER });
  }

  stop(): void {
    this.#unsubscribe();
    this.#queue.stop();
  }

  clear(): void {
    this.#queue.clear();
  }
}
