import type { ApiServer } from '../api/ApiServer';
import type { KubeObject } from '../types';
import { WorkloadController } from './WorkloadController';
import type { Workload } from './WorkloadController';
import { podReady, templateHash } from './workloadHelpers';

type Obj = Record<string, unknown>;

/**
 * StatefulSets get pods NAME-0..N-1. With the default OrderedReady policy the
 * next pod is created only when the previous ones are Ready; scale-down
 * removes the highest ordinals. Template changes do not roll existing pods.
 */
export class StatefulSetController extends WorkloadController {
  constructor(api: ApiServer) {
    super(api, {
      group: 'apps',
      plural: 'statefulsets',
      owns: 'pods',
      component: 'statefulset-controller',
    });
  }

  protected reconcile(workload: Workload): void {
    const { object: sts, name } = workload;
    const spec = (sts.spec ?? {}) as Obj;
    const desired = (spec.replicas as number | undefined) ?? 1;
    const ordered =
      (spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const revision = `${name}-${templateHash(spec.template)}`;
    const pods = this.#livePods(sts);
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
      this.createPod(workload, podName, {
        'statefulset.kubernetes.io/pod-name': podName,
        'controller-revision-hash': revision,
        'apps.kubernetes.io/pod-index': String(i),
      });
      if (ordered) break;
    }
    for (const [ordinal, pod] of byOrdinal) {
      if (ordinal >= desired) this.deletePod(pod);
    }
    const current = this.#livePods(sts);
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
    this.writeStatus(workload, status);
  }

  /** The set's pods that are not terminating. */
  #livePods(sts: KubeObject): KubeObject[] {
    return this.owned(sts).filter(p => !p.metadata.deletionTimestamp);
  }
}
