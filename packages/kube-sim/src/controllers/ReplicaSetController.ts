import type { ApiServer } from '../api/ApiServer';
import type { ResourceType } from '../registry/ResourceType';
import type { KubeObject } from '../types';
import { randomSuffix } from '../util/names';
import type { Controller } from './Controller';
import { WorkQueue } from './WorkQueue';
import {
  controllerUid,
  createQuietly,
  deleteQuietly,
  ownedBy,
  podFromTemplate,
  podPhase,
  podReady,
  writeStatus,
} from './workloadHelpers';

const MANAGER = 'kube-controller-manager';

/** Keeps spec.replicas pods per ReplicaSet and reports their readiness. */
export class ReplicaSetController implements Controller {
  readonly #api: ApiServer;
  readonly #queue: WorkQueue;
  readonly #unsubscribe: () => void;

  constructor(api: ApiServer) {
    this.#api = api;
    this.#queue = new WorkQueue(key => this.#reconcile(key));
    this.#unsubscribe = api.store.subscribe(event => {
      if (event.key === 'replicasets.apps' && event.type !== 'DELETED') {
        this.#queue.add(`${event.namespace}/${event.object.metadata.name}`);
      } else if (event.key === 'pods') {
        const owner = controllerUid(event.object);
        const loc = owner ? api.store.locate(owner) : undefined;
        if (loc?.key === 'replicasets.apps')
          this.#queue.add(`${loc.namespace}/${loc.name}`);
      }
    });
  }

  #rt(plural: string, group = ''): ResourceType {
    return this.#api.registry.lookup(group, group ? 'v1' : 'v1', plural)!;
  }

  #reconcile(key: string): void {
    const [namespace, name] = key.split('/');
    const rsRt = this.#rt('replicasets', 'apps');
    const podRt = this.#rt('pods');
    const rs = this.#api.find(rsRt, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const spec = (rs.spec ?? {}) as { replicas?: number; template?: unknown };
    const desired = spec.replicas ?? 1;
    const pods = ownedBy(this.#api, rs, 'pods').filter(
      p =>
        !p.metadata.deletionTimestamp &&
        !['Succeeded', 'Failed'].includes(podPhase(p)),
    );
    if (pods.length < desired) {
      const hash = rs.metadata.labels?.['pod-template-hash'];
      for (let i = pods.length; i < desired; i++) {
        const pod = podFromTemplate(
          spec.template,
          `${name}-${randomSuffix()}`,
          rs,
          hash ? { 'pod-template-hash': hash } : {},
        );
        createQuietly(this.#api, podRt, namespace, pod, MANAGER);
      }
    } else if (pods.length > desired) {
      // Remove not-ready pods first, then the newest, as the real controller prefers.
      const ranked = [...pods].sort(
        (a, b) =>
          Number(podReady(a)) - Number(podReady(b)) ||
          String(b.metadata.creationTimestamp).localeCompare(
            String(a.metadata.creationTimestamp),
          ),
      );
      for (const pod of ranked.slice(0, pods.length - desired))
        deleteQuietly(this.#api, podRt, pod);
    }
    const current = ownedBy(this.#api, rs, 'pods').filter(
      p =>
        !p.metadata.deletionTimestamp &&
        !['Succeeded', 'Failed'].includes(podPhase(p)),
    );
    const ready = current.filter(podReady).length;
    const status: Record<string, unknown> = {
      replicas: current.length,
      fullyLabeledReplicas: current.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation,
    };
    if (ready === 0) {
      delete status.readyReplicas;
      delete status.availableReplicas;
    }
    writeStatus(this.#api, rsRt, rs as KubeObject, status, MANAGER);
  }

  stop(): void {
    this.#unsubscribe();
    this.#queue.stop();
  }

  clear(): void {
    this.#queue.clear();
  }
}
