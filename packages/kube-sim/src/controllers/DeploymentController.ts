import type { ApiServer } from '../api/ApiServer';
import type { ResourceType } from '../registry/ResourceType';
import type { KubeObject } from '../types';
import { clone, isObject } from '../util/json';
import type { Controller } from './Controller';
import { WorkQueue } from './WorkQueue';
import {
  condition,
  controllerRef,
  controllerUid,
  createQuietly,
  ownedBy,
  templateHash,
  writeStatus,
} from './workloadHelpers';

const MANAGER = 'kube-controller-manager';
type Obj = Record<string, unknown>;

/**
 * Rolls Deployments out through ReplicaSets named after the pod template
 * hash. A template change scales the new ReplicaSet up and the old ones to
 * zero at once (no surge/unavailability pacing). Status carries
 * observedGeneration, replica counts and the Available/Progressing conditions.
 */
export class DeploymentController implements Controller {
  readonly #api: ApiServer;
  readonly #queue: WorkQueue;
  readonly #unsubscribe: () => void;

  constructor(api: ApiServer) {
    this.#api = api;
    this.#queue = new WorkQueue(key => this.#reconcile(key));
    this.#unsubscribe = api.store.subscribe(event => {
      if (event.key === 'deployments.apps' && event.type !== 'DELETED') {
        this.#queue.add(`${event.namespace}/${event.object.metadata.name}`);
      } else if (event.key === 'replicasets.apps') {
        const owner = controllerUid(event.object);
        const loc = owner ? api.store.locate(owner) : undefined;
        if (loc?.key === 'deployments.apps')
          this.#queue.add(`${loc.namespace}/${loc.name}`);
      }
    });
  }

  #reconcile(key: string): void {
    const [namespace, name] = key.split('/');
    const deployRt = this.#api.registry.lookup('apps', 'v1', 'deployments')!;
    const rsRt = this.#api.registry.lookup('apps', 'v1', 'replicasets')!;
    const deployment = this.#api.find(deployRt, namespace, name);
    if (!deployment || deployment.metadata.deletionTimestamp) return;
    const spec = (deployment.spec ?? {}) as Obj;
    const desired = (spec.replicas as number | undefined) ?? 1;
    const template = spec.template;
    const hash = templateHash(template);
    const owned = ownedBy(this.#api, deployment, 'replicasets.apps');
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
        this.#api,
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
        MANAGER,
      );
      current = this.#api.find(rsRt, namespace, `${name}-${hash}`);
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
        this.#api.update(rsRt, namespace, rs.metadata.name!, next, {
          fieldManager: MANAGER,
        });
      }
    }
    this.#writeStatus(
      deployRt,
      deployment,
      ownedBy(this.#api, deployment, 'replicasets.apps'),
      current?.metadata.name,
      desired,
    );
  }

  #writeStatus(
    rt: ResourceType,
    deployment: KubeObject,
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
    const status: Obj = {
      observedGeneration: deployment.metadata.generation,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, desired - available),
      conditions: [available_, progressing],
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
    writeStatus(this.#api, rt, deployment, status, MANAGER);
  }

  stop(): void {
    this.#unsubscribe();
    this.#queue.stop();
  }

  clear(): void {
    this.#queue.clear();
  }
}
