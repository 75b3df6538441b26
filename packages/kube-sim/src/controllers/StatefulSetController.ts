import type { ApiServer } from '../api/ApiServer';
import type { Controller } from './Controller';
import { WorkQueue } from './WorkQueue';
import {
  controllerUid,
  createQuietly,
  deleteQuietly,
  ownedBy,
  podFromTemplate,
  podReady,
  templateHash,
  writeStatus,
} from './workloadHelpers';

const MANAGER = 'kube-controller-manager';
type Obj = Record<string, unknown>;

/**
 * StatefulSets get pods NAME-0..N-1. With the default OrderedReady policy the
 * next pod is created only when the previous ones are Ready; scale-down
 * removes the highest ordinals. Template changes do not roll existing pods.
 */
export class StatefulSetController implements Controller {
  readonly #api: ApiServer;
  readonly #queue: WorkQueue;
  readonly #unsubscribe: () => void;

  constructor(api: ApiServer) {
    this.#api = api;
    this.#queue = new WorkQueue(key => this.#reconcile(key));
    this.#unsubscribe = api.store.subscribe(event => {
      if (event.key === 'statefulsets.apps' && event.type !== 'DELETED') {
        this.#queue.add(`${event.namespace}/${event.object.metadata.name}`);
      } else if (event.key === 'pods') {
        const owner = controllerUid(event.object);
        const loc = owner ? api.store.locate(owner) : undefined;
        if (loc?.key === 'statefulsets.apps')
          this.#queue.add(`${loc.namespace}/${loc.name}`);
      }
    });
  }

  #reconcile(key: string): void {
    const [namespace, name] = key.split('/');
    const stsRt = this.#api.registry.lookup('apps', 'v1', 'statefulsets')!;
    const podRt = this.#api.registry.lookup('', 'v1', 'pods')!;
    const sts = this.#api.find(stsRt, namespace, name);
    if (!sts || sts.metadata.deletionTimestamp) return;
    const spec = (sts.spec ?? {}) as Obj;
    const desired = (spec.replicas as number | undefined) ?? 1;
    const ordered =
      (spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const revision = `${name}-${templateHash(spec.template)}`;
    const pods = ownedBy(this.#api, sts, 'pods').filter(
      p => !p.metadata.deletionTimestamp,
    );
    const byOrdinal = new Map(
      pods.map(p => [Number(p.metadata.name!.slice(name.length + 1)), p]),
    );
    for (let i = 0; i < desired; i++) {
      const existing = byOrdinal.get(i);
      if (existing) {
        if (ordered && !podReady(existing)) break;
        continue;
      }
      const podName = `${name}-${i}`;
      createQuietly(
        this.#api,
        podRt,
        namespace,
        podFromTemplate(spec.template, podName, sts, {
          'statefulset.kubernetes.io/pod-name': podName,
          'controller-revision-hash': revision,
          'apps.kubernetes.io/pod-index': String(i),
        }),
        MANAGER,
      );
      if (ordered) break;
    }
    for (const [ordinal, pod] of byOrdinal) {
      if (ordinal >= desired) deleteQuietly(this.#api, podRt, pod);
    }
    const current = ownedBy(this.#api, sts, 'pods').filter(
      p => !p.metadata.deletionTimestamp,
    );
    const ready = current.filter(podReady).length;
    const status: Obj = {
      observedGeneration: sts.metadata.generation,
      replicas: current.length,
      readyReplicas: ready,
      currentReplicas: current.length,
      updatedReplicas: current.length,
      availableReplicas: ready,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    };
    if (ready === 0) delete status.readyReplicas;
    writeStatus(this.#api, stsRt, sts, status, MANAGER);
  }

  stop(): void {
    this.#unsubscribe();
    this.#queue.stop();
  }

  clear(): void {
    this.#queue.clear();
  }
}
