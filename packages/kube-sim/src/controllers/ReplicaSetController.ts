import type { ApiServer } from '../api/ApiServer';
import type { StatusError } from '../errors/StatusError';
import type { KubeObject } from '../types';
import { randomSuffix } from '../util/names';
import { WorkloadController } from './WorkloadController';
import type { Workload } from './WorkloadController';
import { condition, podPhase, podReady } from './workloadHelpers';

/** Keeps spec.replicas pods per ReplicaSet and reports their readiness. */
export class ReplicaSetController extends WorkloadController {
  constructor(api: ApiServer) {
    super(api, {
      group: 'apps',
      plural: 'replicasets',
      owns: 'pods',
      component: 'replicaset-controller',
    });
  }

  protected reconcile(workload: Workload): void {
    const { object: rs, name } = workload;
    const spec = (rs.spec ?? {}) as { replicas?: number };
    const desired = spec.replicas ?? 1;
    const pods = this.#activePods(rs);
    let refusal: StatusError | undefined;
    if (pods.length < desired) {
      const hash = rs.metadata.labels?.['pod-template-hash'];
      for (let i = pods.length; i < desired && !refusal; i++) {
        refusal = this.createPod(
          workload,
          `${name}-${randomSuffix()}`,
          hash ? { 'pod-template-hash': hash } : {},
        );
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
        this.deletePod(pod);
    }
    const current = this.#activePods(rs);
    const ready = current.filter(podReady).length;
    const status: Record<string, unknown> = {
      replicas: current.length,
      fullyLabeledReplicas: current.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation,
    };
    // The replica set controller's ReplicaFailure condition (FailedCreate).
    if (refusal)
      status.conditions = [
        condition(
          rs.status,
          'ReplicaFailure',
          'True',
          'FailedCreate',
          refusal.message,
        ),
      ];
    if (ready === 0) {
      delete status.readyReplicas;
      delete status.availableReplicas;
    }
    this.writeStatus(workload, status);
  }

  /** Pods that count towards the replicas: neither terminating nor finished. */
  #activePods(rs: KubeObject): KubeObject[] {
    return this.owned(rs).filter(
      p =>
        !p.metadata.deletionTimestamp &&
        !['Succeeded', 'Failed'].includes(podPhase(p)),
    );
  }
}
