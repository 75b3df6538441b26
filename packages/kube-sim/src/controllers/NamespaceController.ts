import type { ApiServer } from '../api/ApiServer';
import { StatusError } from '../errors/StatusError';
import type { ResourceType } from '../registry/ResourceType';
import { clone } from '../util/json';
import type { Controller } from './Controller';
import { WorkQueue } from './WorkQueue';

const MANAGER = 'kube-controller-manager';

/** Options of the namespace controller. */
export interface NamespaceControllerOptions {
  /** Create the "default" ServiceAccount and "kube-root-ca.crt" ConfigMap in new namespaces. */
  populateNamespaces: boolean;
}

/**
 * Namespace lifecycle: new namespaces get their default ServiceAccount and
 * root CA ConfigMap; a Terminating namespace has its contents deleted and,
 * once empty, its "kubernetes" finalizer removed so that it goes away.
 */
export class NamespaceController implements Controller {
  readonly #api: ApiServer;
  readonly #queue: WorkQueue;
  readonly #unsubscribe: () => void;
  readonly #options: NamespaceControllerOptions;

  constructor(api: ApiServer, options: NamespaceControllerOptions) {
    this.#api = api;
    this.#options = options;
    this.#queue = new WorkQueue(key => this.#process(key));
    this.#unsubscribe = api.store.subscribe(event => {
      if (event.key === 'namespaces') {
        if (event.type === 'DELETED') return;
        const name = event.object.metadata.name!;
        if (event.object.metadata.deletionTimestamp)
          this.#queue.add(`terminate/${name}`);
        else if (event.type === 'ADDED' && this.#options.populateNamespaces)
          this.#queue.add(`populate/${name}`);
        return;
      }
      if (event.type === 'DELETED' && event.namespace) {
        const ns = api.store.get('namespaces', '', event.namespace);
        if (ns?.metadata.deletionTimestamp)
          this.#queue.add(`terminate/${event.namespace}`);
      }
    });
  }

  #rt(group: string, version: string, plural: string): ResourceType {
    return this.#api.registry.lookup(group, version, plural)!;
  }

  #process(key: string): void {
    const [action, name] = key.split('/');
    const namespace = this.#api.store.get('namespaces', '', name);
    if (!namespace) return;
    if (action === 'populate') {
      if (namespace.metadata.deletionTimestamp) return;
      this.#ensure(this.#rt('', 'v1', 'serviceaccounts'), name, {
        metadata: { name: 'default' },
      });
      this.#ensure(this.#rt('', 'v1', 'configmaps'), name, {
        metadata: {
          name: 'kube-root-ca.crt',
          annotations: {
            'kubernetes.io/description':
              'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
          },
        },
        data: {
          'ca.crt':
            '-----BEGIN CERTIFICATE-----\nkube-sim has no TLS\n-----END CERTIFICATE-----\n',
        },
      });
      return;
    }
    if (!namespace.metadata.deletionTimestamp) return;
    for (const storageKey of this.#api.store.keysInNamespace(name)) {
      const rt = this.#api.registry.versionsOf(storageKey)[0];
      if (!rt) continue;
      for (const object of this.#api.store.list(storageKey, name)) {
        if (object.metadata.deletionTimestamp) continue;
        try {
          this.#api.delete(rt, name, object.metadata.name!, {
            propagationPolicy: 'Background',
          });
        } catch (error) {
          if (!(error instanceof StatusError && error.code === 404))
            throw error;
        }
      }
    }
    // Objects held by finalizers keep the namespace Terminating; their deletion requeues it.
    if (this.#api.store.keysInNamespace(name).length > 0) return;
    const next = clone(namespace);
    next.spec = { ...(next.spec as object), finalizers: [] };
    this.#api.update(
      this.#rt('', 'v1', 'namespaces'),
      '',
      name,
      next,
      { fieldManager: MANAGER },
      'finalize',
    );
  }

  #ensure(
    rt: ResourceType,
    namespace: string,
    body: Record<string, unknown>,
  ): void {
    const name = (body.metadata as { name: string }).name;
    if (this.#api.find(rt, namespace, name)) return;
    try {
      this.#api.create(rt, namespace, body, { fieldManager: MANAGER });
    } catch (error) {
      // The namespace may have started terminating or the object appeared meanwhile.
      if (
        !(error instanceof StatusError && [403, 404, 409].includes(error.code))
      )
        throw error;
    }
  }

  stop(): void {
    this.#unsubscribe();
    this.#queue.stop();
  }

  clear(): void {
    this.#queue.clear();
  }
}
