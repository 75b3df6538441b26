import type { ApiServer } from '../api/ApiServer';
import type { KubeObject } from '../types';
import { clone, isObject } from '../util/json';
import { CONTROLLER_MANAGER, WorkloadController } from './WorkloadController';
import type { Workload } from './WorkloadController';
import {
  condition,
  controllerRef,
  createQuietly,
  templateHash,
} from './workloadHelpers';

type Obj = Record<string, unknown>;

/**
 * Rolls Deployments out through ReplicaSets named after the pod template
 * hash. A template change scales the new ReplicaSet up and the old ones to
 * zero at once (no surge/unavailability pacing). Status carries
 * observedGeneration, replica counts and the Available/Progressing conditions.
 */
export class DeploymentController extends WorkloadController {
  constructor(api: ApiServer) {
    super(api, {
      group: 'apps',
      plural: 'deployments',
      owns: 'replicasets.apps',
      component: 'deployment-controller',
    });
  }

  protected reconcile(workload: Workload): void {
    const { object: deployment, namespace, name } = workload;
    const rsRt = this.api.registry.lookup('apps', 'v1', 'replicasets')!;
    const spec = (deployment.spec ?? {}) as Obj;
    const desired = (spec.replicas as number | undefined) ?? 1;
    const template = spec.template;
    const hash = templateHash(template);
    const owned = this.owned(deployment);
    let current = owned.find(
      rs => rs.metadata.labels?.['pod-template-hash'] === hash,
    );
    const paused = spec.paused === true;
    if (!current && !paused) {
      const t = clone(isObject(template) ? template : {}) as Obj;
      const meta = (isObject(t.metadata) ? t.metadata : {}) as Obj;
      meta.labels = {
        ...((meta.labels as Obj) ?? {}),
        'pod-template-hash': hash,
      };
      t.metadata = meta;
      const selector = clone(
        isObject(spec.selector) ? spec.selector : {},
      ) as Obj;
      selector.matchLabels = {
        ...((selector.matchLabels as Obj) ?? {}),
        'pod-template-hash': hash,
      };
      const revision = owned.length + 1;
      createQuietly(
        this.api,
        rsRt,
        namespace,
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: `${name}-${hash}`,
            namespace,
            labels: { ...((meta.labels as Record<string, string>) ?? {}) },
            annotations: {
              'deployment.kubernetes.io/desired-replicas': String(desired),
              'deployment.kubernetes.io/max-replicas': String(desired),
              'deployment.kubernetes.io/revision': String(revision),
            },
            ownerReferences: [controllerRef(deployment)],
          },
          spec: { replicas: desired, selector, template: t },
        },
        CONTROLLER_MANAGER,
      );
      current = this.api.find(rsRt, namespace, `${name}-${hash}`);
    }
    for (const rs of owned) {
      const want =
        rs === current || rs.metadata.name === current?.metadata.name
          ? desired
          : 0;
      if (paused) break;
      if ((rs.spec as Obj)?.replicas !== want) {
        const next = clone(rs);
        (next.spec as Obj).replicas = want;
        this.api.update(rsRt, namespace, rs.metadata.name!, next, {
          fieldManager: CONTROLLER_MANAGER,
        });
      }
    }
    this.#writeStatus(
      workload,
      this.owned(deployment),
      current?.metadata.name,
      desired,
    );
  }

  #writeStatus(
    workload: Workload,
    replicaSets: KubeObject[],
    currentName: string | undefined,
    desired: number,
  ): void {
    const count = (rs: KubeObject, field: string) =>
      Number((rs.status as Obj | undefined)?.[field] ?? 0);
    const replicas = replicaSets.reduce(
      (n, rs) => n + count(rs, 'replicas'),
      0,
    );
    const ready = replicaSets.reduce(
      (n, rs) => n + count(rs, 'readyReplicas'),
      0,
    );
    const available = replicaSets.reduce(
      (n, rs) => n + count(rs, 'availableReplicas'),
      0,
    );
    const current = replicaSets.find(rs => rs.metadata.name === currentName);
    const updated = current ? count(current, 'replicas') : 0;
    const complete =
      updated === desired && replicas === desired && available === desired;
    const deployment = workload.object;
    const previous = deployment.status;
    const available_ = condition(
      previous,
      'Available',
      available >= desired ? 'True' : 'False',
      available >= desired
        ? 'MinimumReplicasAvailable'
        : 'MinimumReplicasUnavailable',
      available >= desired
        ? 'Deployment has minimum availability.'
        : 'Deployment does not have minimum availability.',
    );
    const progressing = condition(
      previous,
      'Progressing',
      'True',
      complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
      complete
        ? `ReplicaSet "${currentName}" has successfully progressed.`
        : `ReplicaSet "${currentName}" is progressing.`,
    );
    for (const c of [available_, progressing])
      c.lastUpdateTime = c.lastTransitionTime;
    // A ReplicaSet that cannot create its pods says so on the Deployment too.
    const failure = replicaSets
      .flatMap(rs =>
        isObject(rs.status) && Array.isArray(rs.status.conditions)
          ? (rs.status.conditions as Obj[])
          : [],
      )
      .find(c => c.type === 'ReplicaFailure' && c.status === 'True');
    const conditions = [available_, progressing];
    if (failure) {
      conditions.push(
        condition(
          previous,
          'ReplicaFailure',
          'True',
          String(failure.reason),
          String(failure.message),
        ),
      );
      conditions[conditions.length - 1].lastUpdateTime =
        conditions[conditions.length - 1].lastTransitionTime;
    }
    const status: Obj = {
      observedGeneration: deployment.metadata.generation,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, desired - available),
      conditions,
    };
    for (const field of [
      'replicas',
      'updatedReplicas',
      'readyReplicas',
      'availableReplicas',
      'unavailableReplicas',
    ]) {
      if (status[field] === 0) delete status[field];
    }
    this.writeStatus(workload, status);
  }
}
